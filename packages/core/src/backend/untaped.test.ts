import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { untaped } from './untaped';

describe('untaped', () => {
  it('makes its result a constant to the gradient (torch detach) and leaves the tape on afterwards', async () => {
    const x = tf.tensor1d([1.5, -2, 3]);
    // d/dx of x · detach(x²) + x² is x² + 2x; without the detach it would be 3x² + 2x.
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.add(tf.mul(input, untaped(() => tf.square(input))), tf.square(input))))(x);
    expect(Array.from(await gradient.data())).toEqual([1.5 ** 2 + 3, 4 - 4, 9 + 6]);
    expect(tf.engine().state.kernelDepth).toBe(0);
    expect(() => untaped(() => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(tf.engine().state.kernelDepth).toBe(0);
    tf.dispose([x, gradient]);
  });
});
