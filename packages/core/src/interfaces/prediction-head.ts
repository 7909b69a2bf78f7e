import type * as tf from '@tensorflow/tfjs-core';

/** What a prediction head reads from the encoder (and the adapter setup) of one forward call. */
export interface HeadInputs {
  /** `[B', T, H]`; for multiple choice B' = B * numChoices. */
  readonly lastHiddenState: tf.Tensor3D;
  /** `[B', H]` when the backbone has a pooler. */
  readonly poolerOutput?: tf.Tensor2D;
  /** `[B', T]` float 0/1 mask. */
  readonly attentionMask: tf.Tensor2D;
  /**
   * `[B']` int32: the token sentence-level heads read per row. Absent means the first token (BERT); decoders give
   * the last non-pad token (HF `*ForSequenceClassification`).
   */
  readonly sentenceIndex?: tf.Tensor1D;
  /** The inverse of the active invertible adapter (MAD-X), applied by LM heads before the vocabulary projection. */
  readonly invertibleInverse?: (hidden: tf.Tensor) => tf.Tensor;
}

/** Labels of one call; which fields a head reads depends on its type. */
export interface HeadLabels {
  /** int32 class ids (-100 = ignore) or float32 targets (regression, multilabel). */
  readonly labels?: tf.Tensor;
  readonly startPositions?: tf.Tensor1D;
  readonly endPositions?: tf.Tensor1D;
}

export interface HeadOutput {
  /** Classification `[B, n]`, regression `[B, 1]`, tagging `[B, T, n]`, multiple choice `[B, C]`, LM `[B, T, V]`. */
  readonly logits?: tf.Tensor;
  readonly startLogits?: tf.Tensor2D;
  readonly endLogits?: tf.Tensor2D;
  /** Present when labels were given. */
  readonly loss?: tf.Scalar;
}

export interface HeadForwardOptions {
  readonly training?: boolean;
  /**
   * The caller uses only the loss (a training step, a perplexity pass): a head may then compute logits for
   * the labelled positions only, and return those (e.g. masked LM: `[masked, V]` instead of `[B, T, V]`).
   */
  readonly lossOnly?: boolean;
}

/** A prediction head: a small module on top of the encoder, with AdapterHub names and config. */
export interface PredictionHead {
  readonly name: string;
  readonly headType: string;
  /** The `config` object of `head_config.json` (snake_case, as AdapterHub writes it). */
  headConfig(): Record<string, unknown>;
  forward(inputs: HeadInputs, labels?: HeadLabels, options?: HeadForwardOptions): HeadOutput;
  /** false when `forward` never reads `poolerOutput`: a loss-only forward then skips the pooler. Unset: it may. */
  readonly usesPooler?: boolean;
  /** Parameters with names relative to `heads.<name>.` (e.g. `1.weight`). Tied parameters are included. */
  namedParameters(): Array<[string, tf.Variable]>;
  /** Names (relative) of parameters shared with the backbone (tied LM decoders): saved, never loaded over. */
  tiedParameterNames(): readonly string[];
  setTrainable(trainable: boolean): void;
  dispose(): void;
  readonly isDisposed: boolean;
}
