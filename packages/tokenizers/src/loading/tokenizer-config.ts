import { child, expectArray, expectObject, expectString, fail, optional, readBoolean, readNumber, type JsonContext, type JsonObject } from './json-fields';

/** A special token as tokenizer_config.json gives it: a string, or an `AddedToken` object. */
export interface SpecialTokenSetting {
  readonly content: string;
  readonly leftStrip?: boolean | undefined;
  readonly rightStrip?: boolean | undefined;
  readonly singleWord?: boolean | undefined;
}

export type SpecialTokenRole = 'unk' | 'sep' | 'pad' | 'cls' | 'mask' | 'bos' | 'eos';

/** An entry of `added_tokens_decoder` or `added_tokens.json`. */
export interface ConfiguredAddedToken extends SpecialTokenSetting {
  readonly id: number;
  readonly special: boolean;
}

/** tokenizer_config.json (and special_tokens_map.json), converted to camelCase once, here. */
export interface TokenizerConfig {
  readonly tokenizerClass?: string | undefined;
  readonly doLowerCase?: boolean | undefined;
  readonly stripAccents?: boolean | undefined;
  readonly tokenizeChineseChars?: boolean | undefined;
  readonly neverSplit?: readonly string[] | undefined;
  readonly modelMaxLength?: number | undefined;
  readonly paddingSide?: 'left' | 'right' | undefined;
  readonly cleanUpTokenizationSpaces?: boolean | undefined;
  readonly addPrefixSpace?: boolean | undefined;
  readonly specialTokens: Readonly<Partial<Record<SpecialTokenRole, SpecialTokenSetting>>>;
  readonly additionalSpecialTokens: readonly SpecialTokenSetting[];
  readonly addedTokens: readonly ConfiguredAddedToken[];
}

const ROLES: readonly SpecialTokenRole[] = ['unk', 'sep', 'pad', 'cls', 'mask', 'bos', 'eos'];

// HF writes int(1e30) ("VERY_LARGE_INTEGER") when a model has no length limit.
const NO_LENGTH_LIMIT = 1e15;

/** Reads tokenizer_config.json; unknown keys are ignored, known keys of the wrong type throw. */
export function normalizeTokenizerConfig(json: unknown, file = 'tokenizer_config.json'): TokenizerConfig {
  const context: JsonContext = { file, path: '' };
  const object = expectObject(json, { file, path: '(root)' });
  const specialTokens: Partial<Record<SpecialTokenRole, SpecialTokenSetting>> = {};
  for (const role of ROLES) {
    const setting = optional(object, `${role}_token`, context, readSpecialToken);
    if (setting !== undefined) specialTokens[role] = setting;
  }
  const modelMaxLength = optional(object, 'model_max_length', context, readNumber);
  const paddingSide = optional(object, 'padding_side', context, expectString);
  if (paddingSide !== undefined && paddingSide !== 'left' && paddingSide !== 'right') {
    fail(child(context, 'padding_side'), "'left' or 'right'", paddingSide);
  }
  return {
    tokenizerClass: optional(object, 'tokenizer_class', context, expectString),
    doLowerCase: optional(object, 'do_lower_case', context, readBoolean),
    stripAccents: optional(object, 'strip_accents', context, readBoolean),
    tokenizeChineseChars: optional(object, 'tokenize_chinese_chars', context, readBoolean),
    neverSplit: optional(object, 'never_split', context, (value, at) => expectArray(value, at).map((entry, index) => expectString(entry, child(at, index)))),
    modelMaxLength: modelMaxLength === undefined || modelMaxLength >= NO_LENGTH_LIMIT ? undefined : modelMaxLength,
    paddingSide,
    cleanUpTokenizationSpaces: optional(object, 'clean_up_tokenization_spaces', context, readBoolean),
    addPrefixSpace: optional(object, 'add_prefix_space', context, readBoolean),
    specialTokens,
    additionalSpecialTokens:
      optional(object, 'additional_special_tokens', context, (value, at) => expectArray(value, at).map((entry, index) => readSpecialToken(entry, child(at, index)))) ?? [],
    addedTokens: optional(object, 'added_tokens_decoder', context, readAddedTokensDecoder) ?? [],
  };
}

/** special_tokens_map.json: the `*_token` keys only; merged under tokenizer_config.json. */
export function mergeSpecialTokensMap(config: TokenizerConfig, json: unknown, file = 'special_tokens_map.json'): TokenizerConfig {
  const fromMap = normalizeTokenizerConfig(json, file);
  return {
    ...config,
    specialTokens: { ...fromMap.specialTokens, ...config.specialTokens },
    additionalSpecialTokens: config.additionalSpecialTokens.length > 0 ? config.additionalSpecialTokens : fromMap.additionalSpecialTokens,
  };
}

/** added_tokens.json: `{ "token": id }`, plain (non-special) added tokens. */
export function parseAddedTokensJson(json: unknown, file = 'added_tokens.json'): ConfiguredAddedToken[] {
  const context: JsonContext = { file, path: '(root)' };
  return Object.entries(expectObject(json, context)).map(([content, id]) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) fail(child({ file, path: '' }, content), 'an integer id', id);
    return { content, id, special: false };
  });
}

function readSpecialToken(value: unknown, context: JsonContext): SpecialTokenSetting {
  if (typeof value === 'string') return { content: value };
  const object = expectObject(value, context);
  return {
    content: expectString(object.content, child(context, 'content')),
    leftStrip: optional(object, 'lstrip', context, readBoolean),
    rightStrip: optional(object, 'rstrip', context, readBoolean),
    singleWord: optional(object, 'single_word', context, readBoolean),
  };
}

function readAddedTokensDecoder(value: unknown, context: JsonContext): ConfiguredAddedToken[] {
  return Object.entries(expectObject(value, context)).map(([key, entry]) => {
    const entryContext = child(context, key);
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0) fail(entryContext, 'an integer id as key', key);
    const object: JsonObject = expectObject(entry, entryContext);
    return {
      ...readSpecialToken(object, entryContext),
      id,
      special: optional(object, 'special', entryContext, readBoolean) ?? false,
    };
  });
}
