import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dropout } from './dropout';

describe('dropout', () => {
  it('is its input in eval and at rate 0 (torch returns the input when p == 0 or not train): no op, no gradient op', async () => {
    const x = tf.tensor1d([1, -2, 3]);
    expect(dropout(x, 0.1, false)).toBe(x);
    expect(dropout(x, 0, true)).toBe(x);
    // The same kernels, forward and backward, as without the dropout call.
    const kernels = async (apply: (input: tf.Tensor) => tf.Tensor) =>
      (await tf.profile(() => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(apply(input), input)))(x).dispose())).kernels.map((kernel) => kernel.name);
    expect(await kernels((input) => dropout(input, 0, true))).toEqual(await kernels((input) => input));
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(dropout(input, 0, true), input)))(x);
    expect(Array.from(await gradient.data())).toEqual([2, -4, 6]);
    tf.dispose([x, gradient]);
  });
});
