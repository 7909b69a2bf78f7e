import type * as tf from '@tensorflow/tfjs-core';

/**
 * One batch as plain typed arrays (row-major `[batch, length]`), the only thing that crosses the datasets
 * boundary. The model turns it into tensors inside its own step.
 */
export interface Batch {
  readonly inputIds: Int32Array;
  readonly attentionMask: Int32Array;
  readonly tokenTypeIds?: Int32Array;
  /** Class ids (int, -100 = ignore), float targets, or token labels `[batch, length]`. */
  readonly labels?: Int32Array | Float32Array;
  readonly shape: readonly [number, number];
  /** Shape of `labels` when it is not `[batch]` (e.g. `[batch, length]` for token-level labels). */
  readonly labelShape?: readonly number[];
  /** Extractive QA: the answer's first and last token per row (`[batch]`, 0 = the CLS token, i.e. no answer). */
  readonly startPositions?: Int32Array;
  readonly endPositions?: Int32Array;
}

/** What a trainer needs from a model, and nothing more. */
export interface TrainableModel {
  /** The mean loss of a batch; dropout on when `training`. Returns a scalar owned by the caller. */
  loss(batch: Batch, options: { readonly training: boolean }): tf.Scalar;
  /** Logits for evaluation (eval mode), owned by the caller. */
  predict(batch: Batch): tf.Tensor;
  /** The parameters to optimise, with checkpoint names (the names decide weight-decay groups). */
  namedTrainableParameters(): Array<[string, tf.Variable]>;
  /** True when only adapters/heads/fusions train and the backbone is frozen (AdapterTrainer semantics). */
  readonly trainsAdaptersOnly: boolean;
  /** Writes what a checkpoint keeps: adapters, fusions and heads (AdapterHub layout), or the full model. */
  saveCheckpoint(directory: string): Promise<void>;
  /** Restores what `saveCheckpoint` wrote. */
  loadCheckpoint(directory: string): Promise<void>;
}
