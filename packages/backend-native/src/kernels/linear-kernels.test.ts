import * as tf from '@tensorflow/tfjs-core';
import { fusedLinearAvailable, linearComposite, linearForward, LINEAR_KERNEL } from '@adapters/core';
import { expect, it } from 'vitest';
import { loadNativeAddon } from '../load-native-addon';
import { describeNative, expectSameAsCpu, maxDifference, readOutputs, tensor } from './native-test-harness';

type LinearFunction = typeof linearForward;

/** The output and the gradients of sum(linear(x) · w) with respect to x, the weight and the bias. */
function valuesAndGradients(linear: LinearFunction, shape: number[], outFeatures: number, withBias: boolean): tf.Tensor[] {
  const inFeatures = shape[shape.length - 1]!;
  const x = tensor(shape, 21);
  const weight = tensor([outFeatures, inFeatures], 22, -0.5, 0.5);
  const bias = tensor([outFeatures], 23);
  const weights = tensor([...shape.slice(0, -1), outFeatures], 24);
  if (!withBias) {
    const loss = (input: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(linear(input, w, undefined), weights));
    return [linear(x, weight, undefined), ...tf.grads(loss)([x, weight])];
  }
  const loss = (input: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(linear(input, w, b), weights));
  return [linear(x, weight, bias), ...tf.grads(loss)([x, weight, bias])];
}

describeNative('native fused Linear (AdaptersLinear: matmul onto the bias rows)', () => {
  it.each([
    [[4, 7], 5, true],
    [[2, 3, 16], 9, true],
    [[2, 3, 16], 9, false],
    [[33], 4, true],
    [[32, 64, 128], 512, true], // the bundled model's FFN input
  ] as const)('values and x/weight/bias gradients equal the unfused composite within 1e-5 for %j -> %d (bias %s)', (shape, outFeatures, withBias) => {
    expect(fusedLinearAvailable()).toBe(true);
    const read = (linear: LinearFunction) => readOutputs(() => valuesAndGradients(linear, [...shape], outFeatures, withBias));
    expect(maxDifference(read(linearForward), read(linearComposite))).toBeLessThan(1e-5);
  });

  it('matches the cpu backend (which runs the composite), records one kernel, and skips a frozen weight in the backward pass', async () => {
    await expectSameAsCpu(() => valuesAndGradients(linearForward, [3, 5, 24], 6, true));
    const x = tensor([2, 3, 8], 25);
    const weight = tensor([4, 8], 26);
    const bias = tensor([4], 27);
    const forward = await tf.profile(() => tf.dispose(linearForward(x, weight, bias)));
    expect(forward.kernels.map((kernel) => kernel.name)).toEqual([LINEAR_KERNEL]);
    // Only x's gradient is asked for: one matmul (no weight-gradient product, no bias sum).
    const backward = await tf.profile(() => tf.dispose(tf.grad((input: tf.Tensor) => tf.sum(linearForward(input, weight, bias)))(x)));
    expect(backward.kernels.filter((kernel) => kernel.name === 'BatchMatMul')).toHaveLength(1);
    expect(backward.kernels.filter((kernel) => kernel.name === 'Sum')).toHaveLength(1); // the loss's own sum
    tf.dispose([x, weight, bias]);
  });
});

describeNative('native linear binding rejects bad sizes', () => {
  it('throws a RangeError instead of reading past the weight or the bias', () => {
    const loaded = loadNativeAddon();
    if (loaded.status !== 'available') throw new Error(loaded.reason);
    const { addon } = loaded;
    const x = new Float32Array(12);
    expect(() => addon.linear(x, new Float32Array(11), new Float32Array(0), new Float32Array(9), 4, 3)).toThrow(RangeError);
    expect(() => addon.linear(x, new Float32Array(12), new Float32Array(2), new Float32Array(9), 4, 3)).toThrow(RangeError);
    expect(() => addon.linear(x, new Float32Array(12), new Float32Array(3), new Float32Array(8), 4, 3)).toThrow(RangeError);
    expect(() => addon.linear(x, new Float32Array(12), new Float32Array(3), new Float32Array(9), 5, 3)).toThrow(RangeError);
  });
});
