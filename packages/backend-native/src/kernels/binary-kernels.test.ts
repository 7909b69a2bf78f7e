import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

const SHAPE_PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]], // same shape
  [[5, 4], [4]], // trailing broadcast (bias add)
  [[2, 3, 4], [2, 3, 1]], // per-row scalar (LayerNorm)
  [[1], [3, 4]], // scalar on the left
  [[2, 1, 4], [3, 1]], // both sides broadcast
  [[2, 4, 3, 3], [2, 1, 1, 3]], // attention mask shape
];

describeNative('native binary elementwise', () => {
  it.each(SHAPE_PAIRS)('add/sub/mul/div/max/min/squaredDifference match cpu for %j with %j', async (left, right) => {
    await expectSameAsCpu(() => {
      const a = tensor(left, 1);
      const b = tensor(right, 2, 0.5, 2);
      return [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b), tf.maximum(a, b), tf.minimum(a, b), tf.squaredDifference(a, b)];
    });
  });

  it('pow and int32 inputs (cpu fallback) match cpu', async () => {
    await expectSameAsCpu(() => [
      tf.pow(tensor([3, 4], 3, 0.1, 2), tensor([4], 4, -1, 2)),
      tf.cast(tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, 6], 'int32')), 'float32'),
    ]);
  });

  it('gradients through broadcasting match cpu', async () => {
    await expectSameAsCpu(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.add(x, y), y)))([tensor([4, 3], 5), tensor([3], 6)]));
  });
});
