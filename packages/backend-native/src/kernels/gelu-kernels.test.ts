import * as tf from '@tensorflow/tfjs-core';
import { fusedGeluAvailable, geluExact, geluExactComposite, GELU_GRAD_KERNEL, GELU_KERNEL } from '@adapters/core';
import { expect, it } from 'vitest';
import { describeNative, expectSameAsCpu, maxDifference, readOutputs, tensor } from './native-test-harness';

/** GELU's output and the gradient of sum(gelu(x) · w) with respect to x. */
function valueAndGradient(gelu: typeof geluExact, shape: number[], low: number, high: number): tf.Tensor[] {
  const x = tensor(shape, 7, low, high);
  const weights = tensor(shape, 8);
  return [gelu(x), tf.grad((input: tf.Tensor) => tf.sum(tf.mul(gelu(input), weights)))(x)];
}

describeNative('native fused exact GELU (AdaptersGelu and its gradient kernel)', () => {
  it.each([
    [[5, 9], -4, 4],
    [[2, 3, 40], -8, 8], // both tails: Φ → 0 and Φ → 1
    [[32, 64, 512], -3, 3], // the bundled model's FFN activations
  ])('value and gradient equal the unfused composite within 1e-5 for %j in [%d, %d)', async (shape, low, high) => {
    expect(fusedGeluAvailable()).toBe(true);
    const read = (gelu: typeof geluExact) => readOutputs(() => valueAndGradient(gelu, shape, low, high));
    expect(maxDifference(read(geluExact), read(geluExactComposite))).toBeLessThan(1e-5);
  });

  it('matches the cpu backend (which runs the composite) and records one kernel each way on native', async () => {
    await expectSameAsCpu(() => valueAndGradient(geluExact, [4, 33], -5, 5));
    const x = tensor([4, 8], 9);
    const profile = await tf.profile(() => tf.dispose(tf.grad((input: tf.Tensor) => tf.sum(geluExact(input)))(x)));
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === GELU_KERNEL)).toHaveLength(1);
    expect(names.filter((name) => name === GELU_GRAD_KERNEL)).toHaveLength(1);
    expect(names).not.toContain('Erf');
    x.dispose();
  });
});
