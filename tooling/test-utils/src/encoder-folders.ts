import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSafetensors, type TensorData } from '@adapters/core';
import { BertModel, normalizeEncoderConfig } from '@adapters/models';

/** The HF config.json of a tiny random encoder: BERT, or RoBERTa / XLM-R with their real conventions. */
export function tinyEncoderConfig(modelType: 'bert' | 'roberta' | 'xlm-roberta', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const roberta = modelType !== 'bert';
  return {
    model_type: modelType,
    architectures: [roberta ? (modelType === 'roberta' ? 'RobertaModel' : 'XLMRobertaModel') : 'BertModel'],
    vocab_size: 64,
    hidden_size: 32,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 64,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    // HF RoBERTa checkpoints: one token type, pad id 1, positions offset by padding_idx + 1 (514 = 512 + 2)
    max_position_embeddings: roberta ? 34 : 32,
    type_vocab_size: roberta ? 1 : 2,
    pad_token_id: roberta ? 1 : 0,
    layer_norm_eps: roberta ? 1e-5 : 1e-12,
    ...overrides,
  };
}

/**
 * Writes a tiny random encoder as an HF model folder (config.json + model.safetensors, keys under
 * `keyPrefix`, `roberta.` for RoBERTa/XLM-R task checkpoints by default). Returns the folder.
 */
export async function saveTinyEncoderFolder(
  folder: string,
  config: Record<string, unknown>,
  options: { keyPrefix?: string; edit?: (tensors: Map<string, TensorData>) => void } = {},
): Promise<string> {
  const model = new BertModel(normalizeEncoderConfig(config));
  try {
    await mkdir(folder, { recursive: true });
    const prefix = options.keyPrefix ?? (config.model_type === 'bert' ? 'bert.' : 'roberta.');
    const tensors = new Map<string, TensorData>();
    for (const [name, variable] of model.namedParameters()) {
      tensors.set(`${prefix}${name}`, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
    }
    options.edit?.(tensors);
    await writeSafetensors(path.join(folder, 'model.safetensors'), tensors, { format: 'pt' });
    await writeFile(path.join(folder, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    return folder;
  } finally {
    model.dispose();
  }
}
