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
  /**
   * AdapterDrop's frozen-layer cache (trainer option `cacheFrozenLayers`): from now on the states after layer
   * `layers - 1` (for 0: the embedding output) are computed once per example in eval mode, kept up to
   * `maxBytes`, and every training forward starts at layer `layers`. Throws when anything below trains.
   */
  enableFrozenLayerCache?(options: FrozenLayerCacheOptions): void;
  /** Drops the cache and its memory; forwards run every layer again. */
  disableFrozenLayerCache?(): void;
  /** Called by `trainStep` before the tape starts: fills the cache for this batch's rows (async reads). */
  prepareBatch?(batch: Batch): Promise<void>;
}

/** Options of `TrainableModel.enableFrozenLayerCache`. */
export interface FrozenLayerCacheOptions {
  /** k: layers 0..k-1 (and the embeddings) are frozen and cached; 0 caches the embedding output. */
  readonly layers: number;
  /** Byte budget of the cached states; rows beyond it are recomputed each time they come up (none is evicted). */
  readonly maxBytes: number;
}
