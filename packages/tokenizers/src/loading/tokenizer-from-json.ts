import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import { SentencePieceTokenizer } from '../sentencepiece/sentencepiece-tokenizer';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';
import { child, expectObject, fail, type JsonContext } from './json-fields';
import { modelType } from './model-type';
import { bertOptionsFromConfig, byteLevelOptionsFromConfig, sentencePieceOptionsFromConfig } from './options-from-config';
import { normalizeTokenizerConfig, type TokenizerConfig } from './tokenizer-config';

type TokenizerJsonBuilder = (json: unknown, config: TokenizerConfig, file: string) => PipelineTokenizer;

/** tokenizer.json `model.type` → the class that reads it. */
export const TOKENIZER_JSON_BUILDERS: ReadonlyMap<string, TokenizerJsonBuilder> = new Map<string, TokenizerJsonBuilder>([
  ['WordPiece', (json, config, file) => BertTokenizer.fromTokenizerJson(json, bertOptionsFromConfig(config), file)],
  ['BPE', (json, config, file) =>
    isByteLevel(json)
      ? ByteLevelBpeTokenizer.fromTokenizerJson(json, byteLevelOptionsFromConfig(config), file)
      : SentencePieceTokenizer.fromTokenizerJson(json, sentencePieceOptionsFromConfig(config), file)],
  ['Unigram', (json, config, file) => SentencePieceTokenizer.fromTokenizerJson(json, sentencePieceOptionsFromConfig(config), file)],
]);

/** GPT-2/RoBERTa BPE runs on bytes (a ByteLevel pre-tokenizer or decoder); Llama-style BPE on Metaspace text. */
function isByteLevel(json: unknown): boolean {
  const root = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const typeOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>).type : undefined);
  const preTokenizer = root.pre_tokenizer as Record<string, unknown> | null | undefined;
  const steps = typeOf(preTokenizer) === 'Sequence' && Array.isArray(preTokenizer?.pretokenizers) ? preTokenizer.pretokenizers : [preTokenizer];
  return steps.some((step) => typeOf(step) === 'ByteLevel') || typeOf(root.decoder) === 'ByteLevel';
}

/**
 * Builds the right tokenizer from a parsed tokenizer.json, picked by `model.type`. `config` is an optional
 * tokenizer_config.json (raw JSON or already normalized) whose settings win over the file's.
 */
export function tokenizerFromJson(json: unknown, config?: TokenizerConfig | Readonly<Record<string, unknown>>, file = 'tokenizer.json'): PipelineTokenizer {
  const context: JsonContext = { file, path: '' };
  const root = expectObject(json, { file, path: '(root)' });
  const modelContext = child(context, 'model');
  const type = modelType(expectObject(root.model, modelContext), modelContext);
  const builder = TOKENIZER_JSON_BUILDERS.get(type);
  if (builder === undefined) fail(child(modelContext, 'type'), `one of ${[...TOKENIZER_JSON_BUILDERS.keys()].join(', ')}`, type);
  return builder(json, toConfig(config), file);
}

function toConfig(config: TokenizerConfig | Readonly<Record<string, unknown>> | undefined): TokenizerConfig {
  if (config === undefined) return normalizeTokenizerConfig({});
  return isNormalized(config) ? config : normalizeTokenizerConfig(config);
}

function isNormalized(config: TokenizerConfig | Readonly<Record<string, unknown>>): config is TokenizerConfig {
  return typeof config.specialTokens === 'object' && Array.isArray(config.addedTokens);
}
