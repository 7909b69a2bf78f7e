import * as tf from '@tensorflow/tfjs-core';

/** Inverted dropout in training, identity (a clone, so ownership stays simple) in eval. */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed?: number): tf.Tensor {
  if (!training || rate <= 0) return tf.clone(x);
  return tf.dropout(x, rate, undefined, seed);
}
