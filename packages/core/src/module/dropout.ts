import * as tf from '@tensorflow/tfjs-core';
import { nextDropoutSeed } from './dropout-seed';

/**
 * Inverted dropout in training, identity (a clone, so ownership stays simple) in eval. Without an explicit
 * seed, the seeded stream of the current training step (see `seedDropout`) supplies one.
 */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed?: number): tf.Tensor {
  if (!training || rate <= 0) return tf.clone(x);
  return tf.dropout(x, rate, undefined, seed ?? nextDropoutSeed());
}
