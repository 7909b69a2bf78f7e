import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

// initBackend (the test setup) registers ADD_GRADIENT over tfjs's.
describe('the Add gradient', () => {
  it('gives each input dy (summed over its broadcast axes) with no reshape op where nothing is summed', async () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const bias = tf.tensor1d([0.5, -1, 2]);
    const row = tf.tensor2d([[3, 1, -2]]);
    const w1 = tf.tensor2d([[1, -2, 3], [0.5, 4, -1]]);
    const w2 = tf.tensor2d([[2, 0, 1], [-3, 1, 1]]);
    // x feeds three adds (its gradient is accumulated from several aliases of dy); bias and row are broadcast.
    const loss = (input: tf.Tensor, b: tf.Tensor, r: tf.Tensor) =>
      tf.add(tf.sum(tf.mul(tf.add(tf.add(input, b), input), w1)), tf.sum(tf.mul(tf.add(input, r), w2)));
    const [dx, dBias, dRow] = tf.grads(loss)([x, bias, row]);
    expect(await dx!.array()).toEqual([[4, -4, 7], [-2, 9, -1]]);
    expect(await dBias!.array()).toEqual([1.5, 2, 2]);
    expect(await dRow!.array()).toEqual([[-1, 1, 2]]);
    // A size-1 leading axis with nothing to sum: the input's own shape.
    const vector = tf.tensor1d([1, 2, 3]);
    const [dVector, dRowAgain] = tf.grads((v: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.add(v, r), tf.tensor2d([[1, 2, 3]]))))([vector, row]);
    expect(dVector!.shape).toEqual([3]);
    expect(await dVector!.array()).toEqual([1, 2, 3]);
    // tfjs's own gradient reshapes dy once per input here.
    const profile = await tf.profile(() => tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.add(a, b))([x, x])));
    expect(profile.kernels.map((kernel) => kernel.name).filter((name) => name === 'Reshape')).toHaveLength(['cpu', 'native', 'webgl', 'webgpu'].includes(tf.getBackend()) ? 0 : 2);
    tf.dispose([x, bias, row, w1, w2, dx!, dBias!, dRow!, vector, dVector!, dRowAgain!]);
  });
});
