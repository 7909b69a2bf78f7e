import * as tf from '@tensorflow/tfjs-core';
import { BertModel, normalizeEncoderConfig } from '@adapters/models';

/** A 2-layer, hidden-32 BERT with seeded random weights: fast, and shaped like the fixtures' backbone. */
export function tinyBert(overrides: Record<string, unknown> = {}): BertModel {
  const model = new BertModel(
    normalizeEncoderConfig({
      model_type: 'bert',
      vocab_size: 64,
      hidden_size: 32,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 64,
      max_position_embeddings: 32,
      hidden_act: 'gelu',
      ...overrides,
    }),
  );
  model.modelName = 'tiny-bert';
  return model;
}

/** HF bert-base-uncased's shape (110M parameters), with random weights. */
export function bertBaseShaped(): BertModel {
  return new BertModel(
    normalizeEncoderConfig({
      model_type: 'bert',
      vocab_size: 30522,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 3072,
      max_position_embeddings: 512,
      type_vocab_size: 2,
    }),
  );
}

/** A fixed `[2, 6]` batch with padding in the second row. */
export function tinyBatch(): { inputIds: tf.Tensor2D; attentionMask: tf.Tensor2D; tokenTypeIds: tf.Tensor2D } {
  return {
    inputIds: tf.tensor2d([[2, 17, 33, 9, 41, 3], [2, 8, 12, 3, 0, 0]], [2, 6], 'int32'),
    attentionMask: tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], [2, 6], 'int32'),
    tokenTypeIds: tf.tensor2d([[0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]], [2, 6], 'int32'),
  };
}

/** Overwrites every variable with N(0, std) values (adapter inits are often exact no-ops). */
export function randomize(variables: readonly tf.Variable[], std = 0.1, seed = 7): void {
  variables.forEach((variable, index) => {
    tf.tidy(() => variable.assign(tf.add(variable, tf.randomNormal(variable.shape, 0, std, 'float32', seed + index))));
  });
}
