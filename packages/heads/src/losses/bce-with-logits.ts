import * as tf from '@tensorflow/tfjs-core';
import { checkLabelTensor, type LabelDescription } from './label-checks';

/**
 * torch `BCEWithLogitsLoss` (mean over all elements) in its stable form
 * `max(x, 0) - x*y + log(1 + exp(-|x|))`, so large logits neither overflow nor lose the small terms.
 * `targets` has the logits' shape; int32 or bool targets are cast to float (as the multilabel head does).
 */
export function bceWithLogitsLoss(logits: tf.Tensor, targets: tf.Tensor, description: LabelDescription = {}): tf.Scalar {
  checkLabelTensor(targets, { dtypes: ['float32', 'int32', 'bool'], shapes: [logits.shape] }, description);
  return tf.tidy(() => {
    const floatTargets = targets.dtype === 'float32' ? targets : tf.cast(targets, 'float32');
    const elementwise = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, floatTargets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(elementwise) as tf.Scalar;
  });
}
