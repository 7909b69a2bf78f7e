import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native matmul', () => {
  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('matches cpu with transposeA=%s transposeB=%s (2-D and batched)', async (transposeA, transposeB) => {
    const a = (batch: number[]) => [...batch, ...(transposeA ? [7, 5] : [5, 7])];
    const b = (batch: number[]) => [...batch, ...(transposeB ? [3, 7] : [7, 3])];
    await expectSameAsCpu(() => [
      tf.matMul(tensor(a([]), 1), tensor(b([]), 2), transposeA, transposeB),
      tf.matMul(tensor(a([4]), 3), tensor(b([4]), 4), transposeA, transposeB),
    ]);
  });

  it('broadcasts a batch of one and missing batch axes like cpu', async () => {
    await expectSameAsCpu(() => [
      tf.matMul(tensor([2, 3, 5, 7], 5), tensor([1, 7, 4], 6)),
      tf.matMul(tensor([5, 7], 7), tensor([2, 3, 7, 4], 8)),
      tf.matMul(tensor([2, 3, 5, 7], 9), tensor([7, 4], 10), false, false),
      tf.matMul(tensor([2, 3, 5, 7], 9), tensor([1, 4, 7], 10), false, true), // one sgemm over all 30 rows
    ]);
  });

  it('broadcasts batch axes on both sides like numpy (tfjs cpu cycles batches there instead)', async () => {
    // out[i, j] = a[i, 0] @ b[j]; compared with per-batch 2-D products computed on cpu.
    const run = () => tf.matMul(tensor([2, 1, 5, 7], 11), tensor([3, 7, 4], 12));
    const reference = () =>
      tf.stack([0, 1].map((i) => tf.stack([0, 1, 2].map((j) => tf.matMul(tf.squeeze(tf.slice(tensor([2, 1, 5, 7], 11), [i, 0, 0, 0], [1, 1, 5, 7])), tf.squeeze(tf.slice(tensor([3, 7, 4], 12), [j, 0, 0], [1, 7, 4])))))));
    await tf.setBackend('native');
    const [got, want] = tf.tidy(() => [run(), reference()]);
    expect(got!.shape).toEqual([2, 3, 5, 4]);
    const gotValues = await got!.data();
    const wantValues = await want!.data();
    for (let i = 0; i < wantValues.length; i++) expect(Math.abs(gotValues[i]! - wantValues[i]!)).toBeLessThan(1e-5);
    tf.dispose([got!, want!]);
  });

  it('runs fused matmul with bias and activations', async () => {
    await expectSameAsCpu(() => [
      tf.fused.matMul({ a: tensor([6, 8], 11), b: tensor([8, 4], 12), bias: tensor([4], 13), activation: 'relu' }),
      tf.fused.matMul({ a: tensor([2, 6, 8], 14), b: tensor([2, 4, 8], 15), transposeB: true, bias: tensor([6, 1], 16), activation: 'sigmoid' }),
      tf.fused.matMul({ a: tensor([6, 8], 17), b: tensor([8, 4], 18), activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
      tf.fused.matMul({ a: tensor([6, 8], 19), b: tensor([8, 4], 20), activation: 'prelu', preluActivationWeights: tensor([4], 21) }),
    ]);
  });

  it('computes the gradients of a batched matmul like cpu', async () => {
    await expectSameAsCpu(() => {
      const a = tensor([3, 5, 7], 22);
      const b = tensor([3, 7, 4], 23);
      const gradients = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]);
      return gradients;
    });
  });

  it('large products match a direct float64 reference (two BLAS threads)', async () => {
    await tf.setBackend('native');
    const m = 256;
    const product = tf.tidy(() => tf.matMul(tf.ones([m, m]), tf.fill([m, m], 0.5)));
    const data = await product.data();
    product.dispose();
    expect(data[0]).toBeCloseTo(m * 0.5, 3);
    expect(data[m * m - 1]).toBeCloseTo(m * 0.5, 3);
  });
});
