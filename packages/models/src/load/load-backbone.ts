import { readSourceJson, toFileSource, type FileSource } from '@adapters/core';
import type { BertModel } from '../bert/bert-model';
import type { EncoderConfig } from '../config/encoder-config';
import { isDecoderModelType, type DecoderConfig } from '../config/decoder-config';
import type { DecoderModel } from '../decoder/decoder-model';
import { loadDecoder } from './load-decoder';
import { loadEncoder, type LoadEncoderOptions } from './load-encoder';


/** Any backbone this package builds: a BERT-style encoder or a GPT-2 / Llama decoder. */
export type Backbone = BertModel | DecoderModel;

export interface LoadBackboneResult {
  readonly model: Backbone;
  readonly config: EncoderConfig | DecoderConfig;
  readonly unusedKeys: readonly string[];
  readonly strippedPrefix: string;
  readonly weightsFile: string;
}

/**
 * `AutoModel.from_pretrained`: picks the encoder or decoder class from `config.json`'s `model_type`. Takes a
 * folder path or any `FileSource` (`fileMapSource`, `urlSource`).
 */
export async function loadBackbone(folderOrSource: string | FileSource, options: LoadEncoderOptions = {}): Promise<LoadBackboneResult> {
  const source = toFileSource(folderOrSource);
  const raw = (await readSourceJson(source, 'config.json')) as { model_type?: unknown } | null;
  if (raw !== null && typeof raw === 'object' && isDecoderModelType(raw.model_type)) return loadDecoder(source, options);
  return loadEncoder(source, options);
}

/** Whether a backbone is a causal decoder (GPT-2, Llama). */
export function isDecoder(model: Backbone): model is DecoderModel {
  return 'adapterLayout' in model && (model.config.modelType === 'gpt2' || model.config.modelType === 'llama');
}
