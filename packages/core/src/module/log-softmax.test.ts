import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { logSoftmax } from './log-softmax';

describe('logSoftmax', () => {
  it('keeps the max off the tape: no Max-gradient kernels, and the gradient of the taped-max form within 1e-6', async () => {
    const logits = tf.tensor2d([[2, -1, 0.5, 7], [0, 0, 0, 0], [-3, 10, 10, 1]]);
    const weights = tf.tensor2d([[1, -2, 0.5, 3], [0.25, 1, -1, 2], [-1, 4, 1, 0.5]]);
    // The form with every op on the tape (its max and shift gradients cancel up to rounding).
    const taped = (x: tf.Tensor) => {
      const shifted = tf.sub(x, tf.max(x, 1, true));
      return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
    };
    const [gradient, tapedGradient] = tf.tidy(() => [
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(logSoftmax(x), weights)))(logits),
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(taped(x), weights)))(logits),
    ]);
    const [values, tapedValues] = [await gradient.data(), await tapedGradient.data()];
    values.forEach((value, index) => expect(Math.abs(value - (tapedValues[index] as number))).toBeLessThanOrEqual(1e-6));
    const profile = await tf.profile(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(logSoftmax(x), weights)))(logits).dispose());
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === 'Max')).toHaveLength(1);
    expect(names).not.toContain('Step');
    tf.dispose([logits, weights, gradient, tapedGradient]);
  });
});
