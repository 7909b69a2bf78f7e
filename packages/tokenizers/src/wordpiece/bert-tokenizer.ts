import type { SpecialTokens } from '@adapters/core';
import { child, expectInteger, expectObject, expectString, fail, optional, readBoolean, type JsonContext } from '../loading/json-fields';
import { modelType } from '../loading/model-type';
import { parseAddedTokens } from '../loading/parse-added-tokens';
import { parsePostProcessor } from '../loading/parse-post-processor';
import type { AddedToken } from '../pipeline/added-tokens';
import { PipelineTokenizer, type TokenizerParts } from '../pipeline/pipeline-tokenizer';
import { bertPostProcessor, type PostProcessor } from '../pipeline/post-processor';
import { withoutUndefined } from '../pipeline/without-undefined';
import { registerSpecialTokens, specialTokenTable, type SpecialTokenSpec } from '../pipeline/special-token-registry';
import type { TokenizerModel } from '../pipeline/tokenizer-model';
import type { TokenPiece } from '../pipeline/token-piece';
import { joinAlignedCharacters } from '../unicode/aligned-character';
import { basicTokenize, type BasicTokenizerOptions } from './bert-basic-tokenizer';
import { parseVocabText } from './parse-vocab-text';
import { createWordPieceVocabulary, wordPieceTokenize, type WordPieceVocabulary } from './wordpiece';
import { decodeWordPieces } from './wordpiece-decoder';

export type BertSpecialTokenRole = 'unk' | 'sep' | 'pad' | 'cls' | 'mask';

/** Options of a BERT WordPiece tokenizer, camelCase (see `bertOptionsFromConfig` for tokenizer_config.json). */
export interface BertTokenizerOptions {
  /** Default true. */
  readonly doLowerCase?: boolean | undefined;
  /** Default: follows `doLowerCase`. */
  readonly stripAccents?: boolean | undefined;
  /** Default true. */
  readonly tokenizeChineseChars?: boolean | undefined;
  /** Default true. */
  readonly cleanText?: boolean | undefined;
  readonly neverSplit?: readonly string[] | undefined;
  readonly modelMaxLength?: number | undefined;
  readonly paddingSide?: 'left' | 'right' | undefined;
  /** HF `clean_up_tokenization_spaces` for `decode`; default true. */
  readonly cleanUpTokenizationSpaces?: boolean | undefined;
  /** Default '##'. */
  readonly continuingSubwordPrefix?: string | undefined;
  /** Default 100. */
  readonly maxInputCharsPerWord?: number | undefined;
  /** Defaults: [UNK], [SEP], [PAD], [CLS], [MASK]. */
  readonly specialTokens?: Readonly<Partial<Record<BertSpecialTokenRole, string | SpecialTokenSpec>>> | undefined;
  readonly additionalSpecialTokens?: readonly (string | SpecialTokenSpec)[] | undefined;
  /** Extra added tokens with fixed ids (tokenizer.json `added_tokens`, `added_tokens_decoder`). */
  readonly addedTokens?: readonly AddedToken[] | undefined;
}

const DEFAULT_SPECIAL_TOKENS: Readonly<Record<BertSpecialTokenRole, string>> = {
  unk: '[UNK]',
  sep: '[SEP]',
  pad: '[PAD]',
  cls: '[CLS]',
  mask: '[MASK]',
};

const ROLES: readonly BertSpecialTokenRole[] = ['unk', 'sep', 'pad', 'cls', 'mask'];

/** A BERT WordPiece tokenizer with HF `BertTokenizer` (slow) semantics. */
export class BertTokenizer extends PipelineTokenizer {
  /** The basic-tokenizer settings in force (after defaults). */
  readonly basicOptions: BasicTokenizerOptions;

  /** Prefer the factories (`fromVocab`, `fromTokenizerJson`), which apply HF's defaults. */
  constructor(parts: TokenizerParts, basicOptions: BasicTokenizerOptions) {
    super(parts);
    this.basicOptions = basicOptions;
  }

  /** From the text of a vocab.txt (one token per line). */
  static fromVocab(vocabText: string, options: BertTokenizerOptions = {}, file = 'vocab.txt'): BertTokenizer {
    return BertTokenizer.fromVocabulary(parseVocabText(vocabText, file), options);
  }

  /** From a token → id map. */
  static fromVocabulary(vocab: ReadonlyMap<string, number>, options: BertTokenizerOptions = {}): BertTokenizer {
    const roles = resolveRoles(options.specialTokens, DEFAULT_SPECIAL_TOKENS);
    const addedTokens = registerSpecialTokens([...roleSpecs(roles), ...additionalSpecs(options)], vocab, options.addedTokens ?? []);
    const idOf = (token: string): number => addedTokens.find((added) => added.content === token)?.id ?? vocab.get(token) ?? 0;
    const postProcessor = bertPostProcessor(
      { token: roles.cls.content, id: idOf(roles.cls.content) },
      { token: roles.sep.content, id: idOf(roles.sep.content) },
    );
    return assemble(vocab, options, addedTokens, postProcessor, roles);
  }

  /** From a parsed HF tokenizer.json whose model is `WordPiece`; `options` (e.g. tokenizer_config.json) override it. */
  static fromTokenizerJson(json: unknown, options: BertTokenizerOptions = {}, file = 'tokenizer.json'): BertTokenizer {
    const root = expectObject(json, { file, path: '(root)' });
    const context: JsonContext = { file, path: '' };
    const modelContext = child(context, 'model');
    const model = expectObject(root.model, modelContext);
    const type = modelType(model, modelContext);
    if (type !== 'WordPiece') fail(child(modelContext, 'type'), "'WordPiece'", type);

    const vocabContext = child(modelContext, 'vocab');
    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(expectObject(model.vocab, vocabContext))) vocab.set(token, expectInteger(id, child(vocabContext, token)));
    if (vocab.size === 0) fail(vocabContext, 'a non-empty vocabulary', model.vocab);

    const normalizer = readBertNormalizer(root.normalizer, child(context, 'normalizer'));
    readBertPreTokenizer(root.pre_tokenizer, child(context, 'pre_tokenizer'));
    const decoder = readWordPieceDecoder(root.decoder, child(context, 'decoder'));
    const processed = parsePostProcessor(root.post_processor, child(context, 'post_processor'));
    const addedFromJson = parseAddedTokens(root.added_tokens, child(context, 'added_tokens'));

    const unkToken = optional(model, 'unk_token', modelContext, expectString) ?? DEFAULT_SPECIAL_TOKENS.unk;
    const roles = resolveRoles(options.specialTokens, {
      ...DEFAULT_SPECIAL_TOKENS,
      unk: unkToken,
      cls: processed.leading?.token ?? DEFAULT_SPECIAL_TOKENS.cls,
      sep: processed.trailing?.token ?? DEFAULT_SPECIAL_TOKENS.sep,
    });
    const isKnown = (token: string): boolean => vocab.has(token) || addedFromJson.some((added) => added.content === token);
    // Only the roles the files actually have become added tokens; unk is always needed.
    const presentRoles = roleSpecs(roles).filter((spec) => spec === roles.unk || isKnown(spec.content));
    const addedTokens = registerSpecialTokens([...presentRoles, ...additionalSpecs(options)], vocab, [...addedFromJson, ...(options.addedTokens ?? [])]);

    return assemble(
      vocab,
      {
        continuingSubwordPrefix: optional(model, 'continuing_subword_prefix', modelContext, expectString),
        maxInputCharsPerWord: optional(model, 'max_input_chars_per_word', modelContext, expectInteger),
        ...normalizer,
        cleanUpTokenizationSpaces: decoder.cleanup,
        ...withoutUndefined(options),
      },
      addedTokens,
      processed.postProcessor,
      roles,
    );
  }
}

function assemble(
  vocab: ReadonlyMap<string, number>,
  options: BertTokenizerOptions,
  addedTokens: readonly AddedToken[],
  postProcessor: PostProcessor,
  roles: Readonly<Record<BertSpecialTokenRole, SpecialTokenSpec>>,
): BertTokenizer {
  const idOf = (token: string): number | undefined => addedTokens.find((added) => added.content === token)?.id ?? vocab.get(token);
  const vocabulary = createWordPieceVocabulary(vocab, {
    unkToken: roles.unk.content,
    unkId: idOf(roles.unk.content) ?? 0,
    continuingSubwordPrefix: options.continuingSubwordPrefix ?? '##',
    maxInputCharsPerWord: options.maxInputCharsPerWord ?? 100,
  });
  const basicOptions: BasicTokenizerOptions = {
    doLowerCase: options.doLowerCase ?? true,
    stripAccents: options.stripAccents,
    tokenizeChineseChars: options.tokenizeChineseChars ?? true,
    cleanText: options.cleanText ?? true,
    // HF passes all special tokens as never_split.
    neverSplit: new Set([...(options.neverSplit ?? []), ...addedTokens.filter((token) => token.special).map((token) => token.content)]),
  };
  const isKnown = (token: string): boolean => idOf(token) !== undefined;
  const specialTokens: SpecialTokens = specialTokenTable(
    { pad: roles.pad.content, cls: roles.cls.content, sep: roles.sep.content, mask: roles.mask.content },
    isKnown,
    roles.pad.content,
    roles.unk.content,
  );
  const parts: TokenizerParts = {
    model: createBertModel(vocabulary, basicOptions, options.cleanUpTokenizationSpaces ?? true),
    addedTokens,
    postProcessor,
    specialTokens,
    modelMaxLength: options.modelMaxLength,
    paddingSide: options.paddingSide,
  };
  return new BertTokenizer(parts, basicOptions);
}

/** The BERT model stage: basic tokenizer, then WordPiece on each basic token. */
export function createBertModel(vocabulary: WordPieceVocabulary, basicOptions: BasicTokenizerOptions, cleanUp: boolean): TokenizerModel {
  return {
    vocab: vocabulary.vocab,
    prefixStable: true,
    tokenizeText(text: string, start: number): TokenPiece[] {
      const pieces: TokenPiece[] = [];
      for (const token of basicTokenize(text, start, basicOptions)) {
        const joined = joinAlignedCharacters(token);
        const first = token[0];
        const last = token[token.length - 1];
        if (basicOptions.neverSplit.has(joined) && first !== undefined && last !== undefined) {
          pieces.push({ token: joined, id: vocabulary.vocab.get(joined) ?? vocabulary.unkId, start: first.start, end: last.end });
        } else {
          pieces.push(...wordPieceTokenize(token, vocabulary));
        }
      }
      return pieces;
    },
    decodeTokens: (tokens) => decodeWordPieces(tokens, vocabulary.continuingSubwordPrefix, cleanUp),
  };
}

function resolveRoles(
  given: BertTokenizerOptions['specialTokens'],
  defaults: Readonly<Record<BertSpecialTokenRole, string>>,
): Record<BertSpecialTokenRole, SpecialTokenSpec> {
  const result = {} as Record<BertSpecialTokenRole, SpecialTokenSpec>;
  for (const role of ROLES) result[role] = toSpec(given?.[role] ?? defaults[role]);
  return result;
}

function roleSpecs(roles: Readonly<Record<BertSpecialTokenRole, SpecialTokenSpec>>): SpecialTokenSpec[] {
  // HF's order of SPECIAL_TOKENS_ATTRIBUTES.
  return [roles.unk, roles.sep, roles.pad, roles.cls, roles.mask];
}

function additionalSpecs(options: BertTokenizerOptions): SpecialTokenSpec[] {
  return (options.additionalSpecialTokens ?? []).map(toSpec);
}

function toSpec(value: string | SpecialTokenSpec): SpecialTokenSpec {
  return typeof value === 'string' ? { content: value } : value;
}


function readBertNormalizer(value: unknown, context: JsonContext): BertTokenizerOptions {
  if (value === null || value === undefined) {
    return { doLowerCase: false, stripAccents: false, tokenizeChineseChars: false, cleanText: false };
  }
  const object = expectObject(value, context);
  const type = expectString(object.type, child(context, 'type'));
  if (type !== 'BertNormalizer') fail(child(context, 'type'), "'BertNormalizer' (or null)", type);
  return {
    cleanText: optional(object, 'clean_text', context, readBoolean) ?? true,
    tokenizeChineseChars: optional(object, 'handle_chinese_chars', context, readBoolean) ?? true,
    stripAccents: optional(object, 'strip_accents', context, readBoolean),
    doLowerCase: optional(object, 'lowercase', context, readBoolean) ?? true,
  };
}

function readBertPreTokenizer(value: unknown, context: JsonContext): void {
  const object = expectObject(value, context);
  const type = expectString(object.type, child(context, 'type'));
  if (type !== 'BertPreTokenizer') fail(child(context, 'type'), "'BertPreTokenizer'", type);
}

function readWordPieceDecoder(value: unknown, context: JsonContext): { cleanup: boolean | undefined } {
  if (value === null || value === undefined) return { cleanup: undefined };
  const object = expectObject(value, context);
  const type = expectString(object.type, child(context, 'type'));
  if (type !== 'WordPiece') fail(child(context, 'type'), "'WordPiece' (or null)", type);
  return { cleanup: optional(object, 'cleanup', context, readBoolean) };
}
