import { TokenizerError } from '@adapters/core';
import type { EncodeOptions, Encoding, SpecialTokens, Tokenizer } from '@adapters/core';
import { createAddedTokenMatcher, splitOnAddedTokens, type AddedToken, type AddedTokenMatcher } from './added-tokens';
import { resolveEncodeOptions, type ResolvedEncodeOptions } from './encode-options';
import { freezeEncoding, padEncoding, type MutableEncoding } from './mutable-encoding';
import { countSpecialTokens, type PostProcessor } from './post-processor';
import type { TokenizerModel } from './tokenizer-model';
import type { TokenPiece } from './token-piece';
import { truncateSequences } from './truncation';

/** Everything a tokenizer is assembled from. */
export interface TokenizerParts {
  readonly model: TokenizerModel;
  /** Special and user-added tokens, split out of the raw text before the model runs. */
  readonly addedTokens: readonly AddedToken[];
  readonly postProcessor: PostProcessor;
  readonly specialTokens: SpecialTokens;
  /** The default `maxLength` for truncation and `max_length` padding (HF `model_max_length`). */
  readonly modelMaxLength?: number | undefined;
  readonly paddingSide?: 'left' | 'right' | undefined;
}

/** One input of `encodeBatch`: a text, or a `[text, pair]` tuple. */
export type BatchInput = string | readonly [string, (string | null)?];

/**
 * The shared tokenizer pipeline: added-token split → model (normalize, pre-tokenize, sub-words) →
 * truncation → post-processor (special tokens, token types) → padding. Implements core's `Tokenizer`.
 */
export class PipelineTokenizer implements Tokenizer {
  readonly specialTokens: SpecialTokens;
  readonly vocabSize: number;
  readonly modelMaxLength: number | undefined;
  readonly paddingSide: 'left' | 'right';
  protected readonly model: TokenizerModel;
  protected readonly postProcessor: PostProcessor;
  private readonly addedTokens: readonly AddedToken[];
  private readonly matcher: AddedTokenMatcher;
  private readonly addedTokenIds: ReadonlyMap<string, number>;
  private readonly tokensById: readonly (string | undefined)[];
  private readonly specialIds: ReadonlySet<number>;
  private readonly padId: number;

  constructor(parts: TokenizerParts) {
    this.model = parts.model;
    this.postProcessor = parts.postProcessor;
    this.specialTokens = parts.specialTokens;
    this.modelMaxLength = parts.modelMaxLength;
    this.paddingSide = parts.paddingSide ?? 'right';
    this.addedTokens = parts.addedTokens;
    this.matcher = createAddedTokenMatcher(parts.addedTokens);
    this.addedTokenIds = new Map(parts.addedTokens.map((token) => [token.content, token.id]));

    const tokensById: (string | undefined)[] = [];
    for (const [token, id] of parts.model.vocab) tokensById[id] = token;
    for (const token of parts.addedTokens) tokensById[token.id] = token.content;
    this.tokensById = tokensById;
    this.vocabSize = tokensById.length;

    const specialIds = new Set<number>();
    for (const token of parts.addedTokens) if (token.special) specialIds.add(token.id);
    for (const token of Object.values(parts.specialTokens) as (string | undefined)[]) {
      const id = token === undefined ? undefined : this.tokenToId(token);
      if (id !== undefined) specialIds.add(id);
    }
    this.specialIds = specialIds;

    const padId = this.tokenToId(parts.specialTokens.pad);
    if (padId === undefined) {
      throw new TokenizerError({ message: `pad token ${JSON.stringify(parts.specialTokens.pad)} is not in the vocabulary` });
    }
    this.padId = padId;
  }

  /** Added tokens (special tokens included) in the order they were registered. */
  get addedTokenList(): readonly AddedToken[] {
    return this.addedTokens;
  }

  tokenize(text: string): string[] {
    return this.tokenizeToPieces(text).map((piece) => piece.token);
  }

  /** Tokens with ids and offsets, before special tokens, truncation and padding. */
  tokenizeToPieces(text: string): TokenPiece[] {
    assertText(text, 'text');
    const pieces: TokenPiece[] = [];
    for (const segment of splitOnAddedTokens(text, this.matcher)) {
      if (segment.kind === 'added') pieces.push(segment.piece);
      else {
        // a loop, not push(...spread): one segment of a long text can exceed the engine's argument limit
        for (const piece of this.model.tokenizeText(segment.text, segment.start, segment.start === 0)) pieces.push(piece);
      }
    }
    return pieces;
  }

  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    const resolved = resolveEncodeOptions(options, this.modelMaxLength);
    let encoding = this.encodeUnpadded(text, pair ?? null, resolved);
    if (resolved.padding === 'max_length' && resolved.maxLength !== undefined) {
      encoding = padEncoding(encoding, resolved.maxLength, { token: this.specialTokens.pad, id: this.padId }, this.paddingSide);
    }
    return freezeEncoding(encoding, resolved.returnOffsets);
  }

  encodeBatch(inputs: readonly BatchInput[], options: EncodeOptions = {}): Encoding[] {
    const resolved = resolveEncodeOptions(options, this.modelMaxLength);
    const encodings = inputs.map((input) =>
      typeof input === 'string' ? this.encodeUnpadded(input, null, resolved) : this.encodeUnpadded(input[0], input[1] ?? null, resolved),
    );
    let targetLength: number | undefined;
    if (resolved.padding === 'max_length') targetLength = resolved.maxLength;
    else if (resolved.padding === 'longest') targetLength = Math.max(0, ...encodings.map((encoding) => encoding.tokens.length));
    return encodings.map((encoding) => {
      const padded = targetLength === undefined
        ? encoding
        : padEncoding(encoding, targetLength, { token: this.specialTokens.pad, id: this.padId }, this.paddingSide);
      return freezeEncoding(padded, resolved.returnOffsets);
    });
  }

  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const tokens: string[] = [];
    for (const id of ids) {
      const token = this.idToToken(id);
      if (token === undefined) {
        throw new TokenizerError({ message: `decode: id ${String(id)} is not in the vocabulary (expected an integer in [0, ${this.vocabSize}))` });
      }
      if (options.skipSpecialTokens === true && this.specialIds.has(id)) continue;
      tokens.push(token);
    }
    return this.model.decodeTokens(tokens);
  }

  tokenToId(token: string): number | undefined {
    return this.addedTokenIds.get(token) ?? this.model.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return Number.isInteger(id) && id >= 0 ? this.tokensById[id] : undefined;
  }

  /** How many special tokens `encode` adds for one sequence or for a pair. */
  numSpecialTokensToAdd(pair: boolean): number {
    return countSpecialTokens(pair ? this.postProcessor.pair : this.postProcessor.single);
  }

  private encodeUnpadded(text: string, pair: string | null, options: ResolvedEncodeOptions): MutableEncoding {
    assertText(text, 'text');
    if (pair !== null) assertText(pair, 'pair');
    let first = pair === null ? this.tokenizeWithinBudget(text, options) : this.tokenizeToPieces(text);
    let second = pair === null ? null : this.tokenizeToPieces(pair);
    const specialCount = options.addSpecialTokens ? this.numSpecialTokensToAdd(second !== null) : 0;
    const total = first.length + (second?.length ?? 0) + specialCount;
    if (options.truncation !== 'do_not_truncate' && options.maxLength !== undefined && total > options.maxLength) {
      [first, second] = truncateSequences(first, second, total - options.maxLength, options.truncation);
    }
    return options.addSpecialTokens ? this.applyTemplate(first, second) : concatenatePlain(first, second);
  }

  /**
   * The pieces of a single text as truncation to `maxLength` will keep them, without tokenizing all of a
   * long text: prefixes of growing length are tokenized and only the pieces ending before the prefix's last
   * whitespace run are kept (those cannot change with the text that follows). Same result as tokenizing
   * everything, in time and memory bounded by `maxLength`, not by the text.
   */
  private tokenizeWithinBudget(text: string, options: ResolvedEncodeOptions): TokenPiece[] {
    const needed = options.maxLength === undefined ? 0 : options.maxLength - (options.addSpecialTokens ? this.numSpecialTokensToAdd(false) : 0);
    const safe = this.model.prefixStable === true && !this.addedTokens.some((token) => /\s/.test(token.content));
    if (options.truncation === 'do_not_truncate' || needed < 1 || !safe) return this.tokenizeToPieces(text);
    for (let cut = Math.max(PREFIX_CHARACTERS, needed * 16); cut < text.length; cut *= 4) {
      const boundary = lastWhitespaceRunStart(text, cut);
      if (boundary <= 0) continue;
      const pieces = this.tokenizeToPieces(text.slice(0, cut));
      let stable = 0;
      while (stable < pieces.length && (pieces[stable] as TokenPiece).end <= boundary) stable += 1;
      if (stable > needed) return pieces.slice(0, stable);
    }
    return this.tokenizeToPieces(text);
  }

  private applyTemplate(first: readonly TokenPiece[], second: readonly TokenPiece[] | null): MutableEncoding {
    const encoding = emptyEncoding();
    const template = second === null ? this.postProcessor.single : this.postProcessor.pair;
    for (const item of template) {
      if (item.kind === 'special') {
        item.ids.forEach((id, index) => appendToken(encoding, item.tokens[index] ?? '', id, item.typeId, [0, 0], null));
        continue;
      }
      const pieces = item.sequence === 0 ? first : second;
      if (pieces === null) continue;
      for (const piece of pieces) appendToken(encoding, piece.token, piece.id, item.typeId, [piece.start, piece.end], item.sequence);
    }
    return encoding;
  }
}

/** The first prefix tried by `tokenizeWithinBudget`, in characters. */
const PREFIX_CHARACTERS = 4096;

/** Start of the last run of ASCII whitespace that begins before `end`, or -1. */
function lastWhitespaceRunStart(text: string, end: number): number {
  const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  let index = end - 1;
  while (index >= 0 && !isSpace(text.charCodeAt(index))) index -= 1;
  if (index < 0) return -1;
  while (index > 0 && isSpace(text.charCodeAt(index - 1))) index -= 1;
  return index;
}

function concatenatePlain(first: readonly TokenPiece[], second: readonly TokenPiece[] | null): MutableEncoding {
  // HF (slow) without special tokens: token type 0 everywhere.
  const encoding = emptyEncoding();
  for (const piece of first) appendToken(encoding, piece.token, piece.id, 0, [piece.start, piece.end], 0);
  for (const piece of second ?? []) appendToken(encoding, piece.token, piece.id, 0, [piece.start, piece.end], 1);
  return encoding;
}

function emptyEncoding(): MutableEncoding {
  return { tokens: [], inputIds: [], tokenTypeIds: [], attentionMask: [], offsets: [], sequenceIds: [] };
}

function appendToken(
  encoding: MutableEncoding,
  token: string,
  id: number,
  typeId: number,
  offsets: [number, number],
  sequenceId: number | null,
): void {
  encoding.tokens.push(token);
  encoding.inputIds.push(id);
  encoding.tokenTypeIds.push(typeId);
  encoding.attentionMask.push(1);
  encoding.offsets.push(offsets);
  encoding.sequenceIds.push(sequenceId);
}

function assertText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new TokenizerError({ message: `expected ${name} to be a string, received ${value === null ? 'null' : typeof value}` });
  }
}
