import * as tf from '@tensorflow/tfjs-core';
import { checkLabelTensor, type LabelDescription } from './label-checks';

/** torch `MSELoss` (mean): `mean((predictions - targets)^2)`; `targets` float32 of the same shape. */
export function mseLoss(predictions: tf.Tensor, targets: tf.Tensor, description: LabelDescription = {}): tf.Scalar {
  checkLabelTensor(targets, { dtypes: ['float32'], shapes: [predictions.shape] }, description);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(predictions, targets))) as tf.Scalar);
}
