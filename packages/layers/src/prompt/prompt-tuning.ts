import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, Module, type PromptTuningConfig } from '@adapters/core';

/** The library's `random_uniform_scale` (a class attribute, not serialised). */
const RANDOM_UNIFORM_SCALE = 0.5;

/**
 * Prompt tuning (AdapterHub `PromptTuning`): `prompt_embedding.weight` `[P, H]` is inserted after the
 * embedding module (so prompts get no position embeddings), before the first token or after BOS.
 */
export class PromptTuning extends Module {
  readonly embedding: tf.Variable;

  constructor(
    readonly config: PromptTuningConfig,
    hiddenSize: number,
  ) {
    super();
    if (config.promptInit === 'from_string') {
      throw new InvalidConfigError({
        path: 'prompt_init',
        expected: "'random_uniform' (initialising from a string needs a tokenizer; load trained prompt weights instead)",
        received: config.promptInit,
      });
    }
    this.embedding = this.addParameter('prompt_embedding.weight', () =>
      tf.randomUniform([config.promptLength, hiddenSize], -RANDOM_UNIFORM_SCALE, RANDOM_UNIFORM_SCALE),
    );
  }

  /** Inserts the prompt into `[B, T, H]` hidden states and ones into the `[B, T]` mask. */
  apply(hidden: tf.Tensor3D, attentionMask: tf.Tensor2D): { hidden: tf.Tensor3D; attentionMask: tf.Tensor2D } {
    this.assertNotDisposed();
    const batchSize = hidden.shape[0];
    const prompt = tf.tile(tf.expandDims(this.embedding, 0), [batchSize, 1, 1]) as tf.Tensor3D;
    const promptMask = tf.ones([batchSize, this.config.promptLength]) as tf.Tensor2D;
    if (this.config.combine === 'prefix_after_bos') {
      const bos = tf.slice(hidden, [0, 0, 0], [-1, 1, -1]);
      const rest = tf.slice(hidden, [0, 1, 0], [-1, -1, -1]);
      const maskBos = tf.slice(attentionMask, [0, 0], [-1, 1]);
      const maskRest = tf.slice(attentionMask, [0, 1], [-1, -1]);
      return { hidden: tf.concat([bos, prompt, rest], 1), attentionMask: tf.concat([maskBos, promptMask, maskRest], 1) };
    }
    return { hidden: tf.concat([prompt, hidden], 1), attentionMask: tf.concat([promptMask, attentionMask], 1) };
  }
}
