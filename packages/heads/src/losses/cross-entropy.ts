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
  checkClassIds(labels, classes, ignoreIndex, options);
  return tf.tidy(() => {
    const logProbabilities = logSoftmax(logits);
    const kept = tf.notEqual(labels, tf.scalar(ignoreIndex, 'int32'));
    const safeLabels = tf.where(kept, labels, tf.zerosLike(labels));
    // Pick log p[i, label_i] from the flattened matrix: a gather, not a one-hot [N, C] copy (C can be a vocabulary).
    const flatIndices = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(classes, 'int32')), safeLabels);
    const picked = tf.gather(tf.reshape(logProbabilities, [-1]), flatIndices);
    const weights = tf.cast(kept, 'float32');
    return tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), tf.sum(weights)) as tf.Scalar;
  });
}
