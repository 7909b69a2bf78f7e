import * as tf from '@tensorflow/tfjs-core';
import { logSoftmax } from '@adapters/core';
import { checkClassIds, checkLabelTensor, checkLogits, type LabelDescription } from './label-checks';

/** torch's `CrossEntropyLoss` default `ignore_index`. */
export const IGNORE_INDEX = -100;

export interface CrossEntropyOptions extends LabelDescription {
  /** Labels equal to this take no part in the loss (default -100). */
  readonly ignoreIndex?: number;
}

/**
 * torch `CrossEntropyLoss(ignore_index)` with mean reduction: `-mean(log_softmax(logits)[i, labels[i]])` over the
 * rows whose label is not ignored. `logits` `[N, C]` float32, `labels` int32 `[N]`. Like torch, the loss is NaN
 * when every label is ignored. Uses `logSoftmax`, so large logits do not overflow.
 */
export function crossEntropyLoss(logits: tf.Tensor, labels: tf.Tensor, options: CrossEntropyOptions = {}): tf.Scalar {
  const ignoreIndex = options.ignoreIndex ?? IGNORE_INDEX;
  checkLogits(logits, 2, options);
  const [rows, classes] = logits.shape as [number, number];
  checkLabelTensor(labels, { dtypes: ['int32'], shapes: [[rows]] }, options);
  const classIds = checkClassIds(labels, classes, ignoreIndex, options);
  // The labels are on the host already (checked above): the picked positions and the kept count are plain
  // numbers, so the step runs no kernels (and records no tape entries) for label bookkeeping.
  const flatIndices = new Int32Array(rows);
  const weights = new Float32Array(rows);
  let kept = 0;
  for (let row = 0; row < rows; row++) {
    const classId = classIds[row] as number;
    const keep = classId !== ignoreIndex;
    // Pick log p[i, label_i] from the flattened matrix: a gather, not a one-hot [N, C] copy (C can be a vocabulary).
    flatIndices[row] = row * classes + (keep ? classId : 0);
    weights[row] = keep ? 1 : 0;
    if (keep) kept += 1;
  }
  return tf.tidy(() => {
    const logProbabilities = logSoftmax(logits);
    const picked = tf.gather(tf.reshape(logProbabilities, [-1]), tf.tensor1d(flatIndices, 'int32'));
    // Weights of 1 change nothing (x · 1 = x), so they are applied only when some label is ignored.
    const total = tf.sum(kept === rows ? picked : tf.mul(picked, tf.tensor1d(weights, 'float32')));
    return tf.div(tf.neg(total), tf.scalar(kept, 'float32')) as tf.Scalar;
  });
}
