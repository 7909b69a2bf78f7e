import { readSourceJson, sourceBaseName, sourceFileName, toFileSource, type FileSource, type StateValue } from '@adapters/core';
import { requireModelWeights } from './require-model-weights';
import { BertModel, type BertModelOptions } from '../bert/bert-model';
import { normalizeEncoderConfig, type EncoderConfig } from '../config/encoder-config';


/** Non-persistent buffers some checkpoints still carry; HF ignores them on load. */
const IGNORED_BUFFERS = [/(^|\.)embeddings\.position_ids$/];

export interface LoadEncoderOptions extends BertModelOptions {
  /** Parameters start frozen (trainable false); `trainAdapter` style workflows flip them later. Default false. */
  readonly frozen?: boolean;
  /**
   * The `model_name` saved adapter, head and fusion files record. The library writes the model config's
   * `name_or_path`: the string given to `from_pretrained` (a hub id or a path). Default: config.json's
   * `_name_or_path`, else the folder's name.
   */
  readonly modelName?: string;
}

export interface LoadEncoderResult {
  readonly model: BertModel;
  readonly config: EncoderConfig;
  /** File keys that belong to no backbone parameter (e.g. `cls.*` of a BertForMaskedLM checkpoint), as in the file. */
  readonly unusedKeys: readonly string[];
  /** The prefix that was stripped from backbone keys (`bert.`, `roberta.`), or '' when there was none. */
  readonly strippedPrefix: string;
  /** The weights file that was read. */
  readonly weightsFile: string;
}

function prefixesFor(config: EncoderConfig): string[] {
  return [`${config.modelType}.`, 'bert.', 'roberta.'].filter((prefix, index, all) => all.indexOf(prefix) === index);
}

/**
 * Builds a BERT/RoBERTa/XLM-R encoder from an HF model folder (`config.json` + `model.safetensors`, or
 * `pytorch_model.bin` read by the safe pickle reader, or either one sharded with its `.index.json`).
 * Keys may carry a `bert.`/`roberta.` prefix (task checkpoints) or none (`BertModel`). Every backbone
 * parameter must be present with its exact shape; keys that are not backbone parameters are reported as unused.
 */
export async function loadEncoder(folderOrSource: string | FileSource, options: LoadEncoderOptions = {}): Promise<LoadEncoderResult> {
  const source = toFileSource(folderOrSource);
  const configFile = sourceFileName(source, 'config.json');
  const config = normalizeEncoderConfig(await readSourceJson(source, 'config.json'), configFile);
  const weights = await requireModelWeights(source);
  const weightsFile = weights.file;
  const fileKeys = weights.keys;
  const withPrefix = prefixesFor(config).find((prefix) => fileKeys.some((key) => key.startsWith(`${prefix}embeddings.`)));
  const strippedPrefix = withPrefix ?? '';
  const hasPooler = fileKeys.some((key) => key === `${strippedPrefix}pooler.dense.weight`);
  const model = new BertModel(config, { addPoolingLayer: options.addPoolingLayer ?? hasPooler });
  try {
    const wanted = new Set(model.stateDict().keys());
    const backboneKey = (fileKey: string): string | undefined => {
      const stripped = strippedPrefix !== '' && fileKey.startsWith(strippedPrefix) ? fileKey.slice(strippedPrefix.length) : fileKey;
      return wanted.has(stripped) ? stripped : undefined;
    };
    const unusedKeys = fileKeys.filter(
      (key) => backboneKey(key) === undefined && !IGNORED_BUFFERS.some((pattern) => pattern.test(key)),
    );
    const tensors = await weights.read((key) => backboneKey(key) !== undefined);
    const values = new Map<string, StateValue>();
    for (const [key, value] of tensors) values.set(backboneKey(key) as string, value);
    model.loadStateDict(values, { strict: false, source: weightsFile });
    const missing = [...wanted].filter((key) => !values.has(key));
    if (missing.length > 0) {
      model.loadStateDict(values, { strict: true, source: weightsFile });
    }
    if (options.frozen === true) model.setTrainable(false);
    if (options.modelName !== undefined) model.modelName = options.modelName;
    model.modelName ??= sourceBaseName(source);
    return { model, config, unusedKeys, strippedPrefix, weightsFile };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
