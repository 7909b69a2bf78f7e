import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@adapters/core';

/**
 * A Parallel adapter block replicates the batch part-way through the forward pass. Tensors that were
 * computed before the replication (the attention mask, a residual) are tiled to match: a batch of n*B
 * rows is n copies of the original B rows, branch 0 first.
 */
export function tileBatchTo<T extends tf.Tensor>(tensor: T, batchSize: number, name: string): T {
  const current = tensor.shape[0] as number;
  if (current === batchSize) return tensor;
  if (batchSize % current !== 0) {
    throw new ShapeMismatchError({ key: name, expected: [batchSize, ...tensor.shape.slice(1)], actual: tensor.shape });
  }
  const reps = tensor.shape.map((_, axis) => (axis === 0 ? batchSize / current : 1));
  return tf.tile(tensor, reps) as T;
}

/** The largest leading dimension among tensors that must agree on batch size. */
export function commonBatchSize(...tensors: tf.Tensor[]): number {
  return Math.max(...tensors.map((tensor) => tensor.shape[0] as number));
}
