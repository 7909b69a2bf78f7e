import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native reductions', () => {
  it.each([
    [-1, false],
    [[0, 1], false], // leading axes: bias gradients
    [1, true], // a middle axis
    [[0, 2], false], // not contiguous: cpu fallback
    [[0, 1, 2], true],
  ])('sum/mean/max/min over %j (keepDims %s) match cpu', async (axis, keepDims) => {
    await expectSameAsCpu(() => {
      const x = tensor([4, 5, 6], 1, -3, 3);
      return [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims), tf.max(x, axis, keepDims), tf.min(x, axis, keepDims)];
    });
  });

  it('the reshape+broadcast Sum and Mean gradients match cpu', async () => {
    await expectSameAsCpu(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.add(tf.sum(tf.mul(tf.mean(x, -1, true), x)), tf.sum(tf.sum(y, [0, 1]))))([tensor([4, 6], 2), tensor([2, 3, 5], 3)]),
    );
  });

  it('AddN (gradient accumulation) matches cpu', async () => {
    await expectSameAsCpu(() => tf.addN([tensor([3, 4], 4), tensor([3, 4], 5), tensor([3, 4], 6)]));
  });
});
