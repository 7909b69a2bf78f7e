import { TokenizerError, type EncodeOptions, type Encoding, type SpecialTokens, type Tokenizer } from '@adapters/core';
import { parseJsonText } from '../loading/json-fields';
import { joinPath, readTextFile } from '../loading/node-file-system';

const SPACE_PIECE = '\u2581';
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/** The fields of `tokenizer_vocab.json` (a llama2.c `tok*.bin` as JSON). */
export interface Llama2cVocabulary {
  readonly pieces: readonly string[];
  readonly scores: readonly number[];
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly addDummyPrefix: boolean;
}

/**
 * The sentencepiece BPE tokenizer of llama2.c models (stories260K's `tok512.bin`). Encoding is llama2.c's
 * `encode`: the dummy-prefix space, one piece per code point (byte-fallback pieces `<0xXX>` for code points
 * not in the vocabulary), then repeatedly merge the adjacent pair whose concatenation is a piece with the
 * highest score (leftmost on ties). Decoding maps `▁` to a space and byte pieces to bytes, drops the first
 * piece's leading space (sentencepiece) and skips `<unk>`, `<s>`, `</s>` unless asked not to.
 */
export class Llama2cTokenizer implements Tokenizer {
  readonly specialTokens: SpecialTokens;
  private readonly ids = new Map<string, number>();

  constructor(readonly vocabulary: Llama2cVocabulary) {
    vocabulary.pieces.forEach((piece, id) => {
      if (!this.ids.has(piece)) this.ids.set(piece, id);
    });
    const piece = (id: number): string => vocabulary.pieces[id] ?? '<unk>';
    this.specialTokens = { pad: piece(vocabulary.unkId), unk: piece(vocabulary.unkId), bos: piece(vocabulary.bosId), eos: piece(vocabulary.eosId) };
  }

  /** Reads `tokenizer_vocab.json` (pieces, scores, special ids) from its JSON text. */
  static fromJson(text: string, file = 'tokenizer_vocab.json'): Llama2cTokenizer {
    const json = parseJsonText(text, file) as Record<string, unknown>;
    const { pieces, scores } = json;
    if (!Array.isArray(pieces) || !pieces.every((piece) => typeof piece === 'string')) {
      throw new TokenizerError({ file, message: "'pieces' must be a list of strings" });
    }
    if (!Array.isArray(scores) || scores.length !== pieces.length || !scores.every((score) => typeof score === 'number')) {
      throw new TokenizerError({ file, message: `'scores' must be a list of ${pieces.length} numbers (one per piece)` });
    }
    const id = (key: string, fallback: number): number => {
      const value = json[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= pieces.length) {
        throw new TokenizerError({ file, message: `'${key}' must be a piece id below ${pieces.length}, got ${JSON.stringify(value)}` });
      }
      return value;
    };
    return new Llama2cTokenizer({
      pieces: pieces as string[],
      scores: scores as number[],
      unkId: id('unk_id', 0),
      bosId: id('bos_id', 1),
      eosId: id('eos_id', 2),
      addDummyPrefix: json.add_dummy_prefix !== false,
    });
  }

  /** Loads `<folder>/tokenizer_vocab.json` (Node only). */
  static fromFolder(folder: string): Llama2cTokenizer {
    const file = joinPath(folder, 'tokenizer_vocab.json');
    return Llama2cTokenizer.fromJson(readTextFile(file), file);
  }

  get vocabSize(): number {
    return this.vocabulary.pieces.length;
  }

  get bosTokenId(): number {
    return this.vocabulary.bosId;
  }

  get eosTokenId(): number {
    return this.vocabulary.eosId;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.vocabulary.pieces[id];
  }

  /** The ids of `text` without BOS/EOS, as llama2.c's `encode(text, bos=0, eos=0)`. */
  encodeIds(text: string): number[] {
    if (text === '') return [];
    const normalized = (this.vocabulary.addDummyPrefix ? ` ${text}` : text).replaceAll(' ', SPACE_PIECE);
    const tokens: number[] = [];
    for (const character of normalized) {
      const id = this.ids.get(character);
      if (id !== undefined) {
        tokens.push(id);
        continue;
      }
      // byte fallback: ids 3..258 are <0x00>..<0xFF>
      for (const byte of new TextEncoder().encode(character)) tokens.push(this.ids.get(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`) ?? this.vocabulary.unkId);
    }
    for (;;) {
      let bestScore = -Infinity;
      let bestId = -1;
      let bestIndex = -1;
      for (let index = 0; index + 1 < tokens.length; index++) {
        const merged = this.ids.get(`${this.vocabulary.pieces[tokens[index] as number]}${this.vocabulary.pieces[tokens[index + 1] as number]}`);
        if (merged !== undefined && (this.vocabulary.scores[merged] as number) > bestScore) {
          bestScore = this.vocabulary.scores[merged] as number;
          bestId = merged;
          bestIndex = index;
        }
      }
      if (bestIndex < 0) return tokens;
      tokens.splice(bestIndex, 2, bestId);
    }
  }

  tokenize(text: string): string[] {
    return this.encodeIds(text).map((id) => this.vocabulary.pieces[id] as string);
  }

  /** BOS + pieces (llama2.c and HF Llama add BOS, not EOS); `addSpecialTokens: false` leaves BOS out. Pairs are joined. */
  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    let ids = this.encodeIds(pair === undefined || pair === null ? text : `${text} ${pair}`);
    if (options.addSpecialTokens !== false) ids = [this.vocabulary.bosId, ...ids];
    if (options.maxLength !== undefined && options.truncation !== false && options.truncation !== 'do_not_truncate') ids = ids.slice(0, options.maxLength);
    const attentionMask = ids.map(() => 1);
    const padTo = options.padding === 'max_length' && options.maxLength !== undefined ? options.maxLength : ids.length;
    while (ids.length < padTo) {
      ids.push(this.vocabulary.unkId);
      attentionMask.push(0);
    }
    return { tokens: ids.map((id) => this.vocabulary.pieces[id] as string), inputIds: ids, tokenTypeIds: ids.map(() => 0), attentionMask };
  }

  encodeBatch(inputs: readonly (readonly [string, (string | null)?])[], options: EncodeOptions = {}): Encoding[] {
    return inputs.map(([text, pair]) => this.encode(text, pair ?? null, options));
  }

  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const special = new Set([this.vocabulary.unkId, this.vocabulary.bosId, this.vocabulary.eosId]);
    const bytes: number[] = [];
    let first = true;
    for (const id of ids) {
      if (options.skipSpecialTokens !== false && special.has(id)) continue;
      const piece = this.vocabulary.pieces[id];
      if (piece === undefined) throw new TokenizerError({ message: `id ${id} is outside the vocabulary (size ${this.vocabSize})` });
      const byte = BYTE_PIECE.exec(piece);
      if (byte !== null) {
        bytes.push(Number.parseInt(byte[1] as string, 16));
      } else {
        let text = piece.replaceAll(SPACE_PIECE, ' ');
        if (first && text.startsWith(' ')) text = text.slice(1);
        bytes.push(...new TextEncoder().encode(text));
      }
      first = false;
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}
