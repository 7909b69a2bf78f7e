import * as tf from '@tensorflow/tfjs-core';
import { fusedLayerNormAvailable, layerNormComposite, layerNormForward, LAYER_NORM_KERNEL } from '@adapters/core';
import { expect, it } from 'vitest';
import { loadNativeAddon } from '../load-native-addon';
import { describeNative, expectSameAsCpu, maxDifference, readOutputs, tensor } from './native-test-harness';

type LayerNormFunction = typeof layerNormForward;

/** The output and the gradients of sum(layerNorm(x) · w) with respect to x, gamma and beta. */
function valuesAndGradients(layerNorm: LayerNormFunction, shape: number[], offset: number): tf.Tensor[] {
  const cols = shape[shape.length - 1]!;
  const x = tf.add(tensor(shape, 2), offset);
  const gamma = tensor([cols], 3, 0.5, 1.5);
  const beta = tensor([cols], 4);
  const weights = tensor(shape, 5);
  const gradients = tf.grads((input: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor) => tf.sum(tf.mul(layerNorm(input, scale, shift, 1e-5), weights)))([x, gamma, beta]);
  return [layerNorm(x, gamma, beta, 1e-5), ...gradients];
}

describeNative('native fused LayerNorm (AdaptersLayerNorm and its gradient kernel)', () => {
  it.each([
    [[4, 7], 0],
    [[2, 3, 16], 0],
    [[2, 5, 33], 100],
    [[32, 64, 128], -3], // the bundled model's hidden states
  ])('values and x/gamma/beta gradients equal the unfused composite within 1e-5 for %j (mean offset %d)', async (shape, offset) => {
    expect(fusedLayerNormAvailable()).toBe(true);
    const read = (layerNorm: LayerNormFunction) => readOutputs(() => valuesAndGradients(layerNorm, shape, offset));
    expect(maxDifference(read(layerNormForward), read(layerNormComposite))).toBeLessThan(1e-5);
  });

  it('matches the cpu backend (its JS kernel) and runs as one kernel on native', async () => {
    await expectSameAsCpu(() => valuesAndGradients(layerNormForward, [3, 5, 24], 1));
    const x = tensor([6, 24], 6);
    const gamma = tf.ones([24]);
    const beta = tf.zeros([24]);
    const profile = await tf.profile(() => tf.dispose(layerNormForward(x, gamma, beta, 1e-5)));
    expect(profile.kernels.map((kernel) => kernel.name)).toEqual([LAYER_NORM_KERNEL]);
    tf.dispose([x, gamma, beta]);
  });
});

describeNative('native LayerNorm and GELU bindings reject bad sizes', () => {
  it('throws a RangeError instead of reading past gamma, beta or the output', () => {
    const loaded = loadNativeAddon();
    if (loaded.status !== 'available') throw new Error(loaded.reason);
    const { addon } = loaded;
    const x = new Float32Array(12);
    expect(() => addon.layerNorm(x, new Float32Array(2), new Float32Array(4), new Float32Array(12), 4, 1e-5)).toThrow(RangeError);
    expect(() => addon.layerNorm(x, new Float32Array(4), new Float32Array(4), new Float32Array(12), 5, 1e-5)).toThrow(RangeError);
    expect(() => addon.layerNormGrad(new Float32Array(8), x, new Float32Array(4), new Float32Array(12), 4, 1e-5)).toThrow(RangeError);
    expect(() => addon.geluGrad(x, x, new Float32Array(4))).toThrow(RangeError);
  });
});
