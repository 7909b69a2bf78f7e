import * as tf from '@tensorflow/tfjs-core';
import { dropoutMultiplier, fusedDropoutMaskAvailable } from './dropout-mask';
import { nextDropoutSeed } from './dropout-seed';

/**
 * Inverted dropout in training. In eval, or at rate 0, `x` itself, as torch's `dropout` returns its input
 * when `p == 0 or not train` (a clone would cost an op, a tape entry and a gradient op per call): call it
 * inside the caller's `tidy`, like every op. Without an explicit seed, the seeded stream of the current
 * training step (see `seedDropout`) supplies one.
 */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed?: number): tf.Tensor {
  if (!training || rate <= 0) return x;
  const drawSeed = seed ?? nextDropoutSeed();
  // The same mask as tf.dropout's, drawn in one kernel where the backend has it (tf.dropout checks the rest).
  if (rate < 1 && x.dtype === 'float32' && fusedDropoutMaskAvailable()) {
    return tf.tidy(() => tf.mul(x, dropoutMultiplier(x.shape, rate, drawSeed)));
  }
  return tf.dropout(x, rate, undefined, drawSeed);
}
