import * as tf from '@tensorflow/tfjs-core';
import { AdaptersError } from '@adapters/core';
import { expect, it } from 'vitest';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native gather and segment sum', () => {
  it('gathers along axis 0 and 1 like cpu', async () => {
    await expectSameAsCpu(() => {
      const table = tensor([10, 4, 3], 1);
      return [tf.gather(table, tf.tensor2d([[0, 9], [3, 3]], [2, 2], 'int32')), tf.gather(table, tf.tensor1d([3, 0, 1], 'int32'), 1)];
    });
  });

  it('sums segments and trains an embedding like cpu', async () => {
    await expectSameAsCpu(() => [
      tf.unsortedSegmentSum(tensor([6, 3], 2), tf.tensor1d([0, 2, 2, 4, 0, 1], 'int32'), 5),
      tf.grad((table: tf.Tensor) => tf.sum(tf.mul(tf.gather(table, tf.tensor2d([[1, 1], [4, 0]], [2, 2], 'int32')), tensor([2, 2, 3], 3))))(tensor([5, 3], 4)),
    ]);
  });

  it('rejects an out-of-range index with a typed error', async () => {
    await tf.setBackend('native');
    const table = tensor([3, 2], 5);
    const indices = tf.tensor1d([0, 3], 'int32');
    let caught: unknown;
    try {
      tf.gather(table, indices);
    } catch (error) {
      caught = error;
    }
    expect(AdaptersError.isInstance(caught) && caught.code).toBe('backend');
    expect(String(caught)).toMatch(/index 3 is not in \[0, 2\]/);
    tf.dispose([table, indices]);
  });
});
