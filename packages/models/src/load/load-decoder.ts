import { readSourceJson, sourceBaseName, sourceFileName, toFileSource, type FileSource, type StateValue } from '@adapters/core';
import { requireModelWeights } from './require-model-weights';
import { normalizeDecoderConfig, type DecoderConfig } from '../config/decoder-config';
import type { DecoderModel } from '../decoder/decoder-model';
import { GPT2Model } from '../gpt2/gpt2-model';
import { LlamaModel } from '../llama/llama-model';


/** Non-persistent buffers some GPT-2 checkpoints still carry (`attn.bias`, `attn.masked_bias`); HF ignores them. */
const IGNORED_BUFFERS = [/\.attn\.(masked_)?bias$/, /rotary_emb\.inv_freq$/];

export interface LoadDecoderOptions {
  /** Parameters start frozen (trainable false). Default false. */
  readonly frozen?: boolean;
  /** The `model_name` saved adapter and head files record (the library's `name_or_path`); as in `loadEncoder`. */
  readonly modelName?: string;
}

export interface LoadDecoderResult {
  readonly model: DecoderModel;
  readonly config: DecoderConfig;
  /** File keys that belong to no backbone parameter (e.g. `lm_head.weight`, `score.weight`), as in the file. */
  readonly unusedKeys: readonly string[];
  readonly strippedPrefix: string;
  readonly weightsFile: string;
}

/** Builds the decoder a parsed `config.json` describes (GPT-2 or Llama), with fresh weights. */
export function createDecoder(config: DecoderConfig): DecoderModel {
  return config.modelType === 'gpt2' ? new GPT2Model(config) : new LlamaModel(config);
}

/**
 * Builds a GPT-2 or Llama decoder from an HF model folder (`config.json` + `model.safetensors`). Keys may carry
 * the task model's prefix (`transformer.` / `model.`) or none; every backbone parameter must be present.
 */
export async function loadDecoder(folderOrSource: string | FileSource, options: LoadDecoderOptions = {}): Promise<LoadDecoderResult> {
  const source = toFileSource(folderOrSource);
  const configFile = sourceFileName(source, 'config.json');
  const config = normalizeDecoderConfig(await readSourceJson(source, 'config.json'), configFile);
  const weights = await requireModelWeights(source);
  const weightsFile = weights.file;
  const fileKeys = weights.keys;
  const model = createDecoder(config);
  try {
    const wanted = new Set(model.stateDict().keys());
    const first = [...wanted][0] ?? '';
    const prefix = `${model.baseModelPrefix}.`;
    const strippedPrefix = fileKeys.includes(`${prefix}${first}`) ? prefix : '';
    const backboneKey = (fileKey: string): string | undefined => {
      const stripped = strippedPrefix !== '' && fileKey.startsWith(strippedPrefix) ? fileKey.slice(strippedPrefix.length) : fileKey;
      return wanted.has(stripped) ? stripped : undefined;
    };
    const unusedKeys = fileKeys.filter((key) => backboneKey(key) === undefined && !IGNORED_BUFFERS.some((pattern) => pattern.test(key)));
    const tensors = await weights.read((key) => backboneKey(key) !== undefined);
    const values = new Map<string, StateValue>();
    for (const [key, value] of tensors) values.set(backboneKey(key) as string, value);
    model.loadStateDict(values, { strict: true, source: weightsFile });
    if (options.frozen === true) model.setTrainable(false);
    if (options.modelName !== undefined) model.modelName = options.modelName;
    model.modelName ??= typeof config.raw._name_or_path === 'string' && config.raw._name_or_path !== '' ? config.raw._name_or_path : sourceBaseName(source);
    return { model, config, unusedKeys, strippedPrefix, weightsFile };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
