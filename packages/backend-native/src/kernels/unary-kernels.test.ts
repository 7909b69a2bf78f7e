import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native unary elementwise and softmax', () => {
  it('maps on any sign match cpu', async () => {
    await expectSameAsCpu(
      () => {
        const x = tensor([1000], 1, -4, 4);
        return [tf.tanh(x), tf.erf(x), tf.exp(x), tf.sigmoid(x), tf.relu(x), tf.relu6(x), tf.elu(x), tf.neg(x), tf.square(x), tf.abs(x), tf.step(x, 0.3), tf.leakyRelu(x, 0.1), tf.reciprocal(x)];
      },
      { atol: 1e-5, rtol: 1e-5 },
    );
  });

  it('maps on positive inputs match cpu', async () => {
    await expectSameAsCpu(() => {
      const x = tensor([1000], 2, 0.01, 9);
      return [tf.log(x), tf.sqrt(x), tf.rsqrt(x)];
    });
  });

  it('softmax over the last axis, large and masked logits, and its gradient match cpu', async () => {
    await expectSameAsCpu(() => {
      const logits = tensor([3, 5, 7], 3, -30, 30);
      const masked = tf.add(tensor([2, 9], 4), tf.mul(tf.tensor1d([0, 0, 0, 0, 0, 0, 1, 1, 1]), -3.4e38));
      return [tf.softmax(logits), tf.softmax(masked), tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softmax(x), x)))(logits)];
    });
  });

  it('GELU pieces (erf form) and its gradient match cpu', async () => {
    await expectSameAsCpu(() =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))))(tensor([64, 16], 5, -5, 5)),
    );
  });
});
