import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';
import { child, expectObject, fail, type JsonContext } from './json-fields';
import { modelType } from './model-type';
import { bertOptionsFromConfig, byteLevelOptionsFromConfig } from './options-from-config';
import { normalizeTokenizerConfig, type TokenizerConfig } from './tokenizer-config';

type TokenizerJsonBuilder = (json: unknown, config: TokenizerConfig, file: string) => PipelineTokenizer;

/** tokenizer.json `model.type` → the class that reads it. */
export const TOKENIZER_JSON_BUILDERS: ReadonlyMap<string, TokenizerJsonBuilder> = new Map<string, TokenizerJsonBuilder>([
  ['WordPiece', (json, config, file) => BertTokenizer.fromTokenizerJson(json, bertOptionsFromConfig(config), file)],
  ['BPE', (json, config, file) => ByteLevelBpeTokenizer.fromTokenizerJson(json, byteLevelOptionsFromConfig(config), file)],
]);

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
