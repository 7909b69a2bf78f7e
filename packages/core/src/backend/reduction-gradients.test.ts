import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend';
import { registerReductionGradients } from './reduction-gradients';

describe('registerReductionGradients', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  // Each backend broadcasts its own way (wasm adds zeros, the others tile).
  it.each(['cpu', 'wasm'] as const)('gives the same Sum and Mean gradients as tfjs (broadcast dy, dy / n) on %s', async (backend) => {
    await initBackend({ backend });
    registerReductionGradients();
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    const weights = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    const [sumGradient, meanGradient, keepDimsGradient] = [
      tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.sum(input, [0, 2]), tf.tensor1d([1, 2, 3]))))(x),
      tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.mean(input, 1), tf.tensor2d([1, 2, 3, 4], [2, 2]))))(x),
      tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.mean(input, -1, true), weights)))(x),
    ];
    expect(sumGradient!.shape).toEqual([2, 3, 2]);
    expect(Array.from(await sumGradient!.data())).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(await meanGradient!.data())).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4].map((value) => Math.fround(value / 3)));
    expect(Array.from(await keepDimsGradient!.data())).toEqual([1.5, 1.5, 3.5, 3.5, 5.5, 5.5, 7.5, 7.5, 9.5, 9.5, 11.5, 11.5]);
    tf.dispose([x, weights, sumGradient!, meanGradient!, keepDimsGradient!]);
  });
});
