import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { layerNormComposite, layerNormForward } from './layer-norm';
import { fusedLayerNormAvailable, LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from './layer-norm-kernel';

function seeded(seed: number, offset = 0, scale = 2): (count: number) => Float32Array {
  let state = seed;
  return (count) =>
    Float32Array.from({ length: count }, () => {
      state = (state * 1664525 + 1013904223) % 4294967296;
      return offset + scale * (state / 4294967296 - 0.5);
    });
}

type LayerNormFunction = typeof layerNormForward;

/** The output and the gradients of sum(layerNorm(x) · w) with respect to x, gamma and beta. */
function valuesAndGradients(layerNorm: LayerNormFunction, shape: number[], offset: number): Float32Array[] {
  const random = seeded(shape.length * 7 + shape[shape.length - 1]!, offset);
  const cols = shape[shape.length - 1]!;
  const count = tf.util.sizeFromShape(shape);
  const x = tf.tensor(random(count), shape);
  const gamma = tf.tensor1d(seeded(3, 1)(cols));
  const beta = tf.tensor1d(seeded(5)(cols));
  const weights = tf.tensor(seeded(9)(count), shape);
  const outputs = tf.tidy(() => {
    const gradients = tf.grads((input: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor) => tf.sum(tf.mul(layerNorm(input, scale, shift, 1e-5), weights)))([x, gamma, beta]);
    return [layerNorm(x, gamma, beta, 1e-5), ...gradients];
  });
  const read = outputs.map((tensor) => tensor.dataSync().slice() as Float32Array);
  tf.dispose([...outputs, x, gamma, beta, weights]);
  return read;
}

function maxDifference(left: Float32Array[], right: Float32Array[]): number {
  let worst = 0;
  for (const [index, values] of left.entries()) {
    expect(values.length).toBe(right[index]!.length);
    values.forEach((value, k) => {
      worst = Math.max(worst, Math.abs(value - right[index]![k]!));
    });
  }
  return worst;
}

const SHAPES: [number[], number][] = [
  [[4, 7], 0],
  [[2, 3, 16], 0],
  [[2, 5, 33], 100], // a large mean: the variance must not cancel
  [[1, 128], -3],
];

describe('LayerNorm as one fused op (AdaptersLayerNorm) against the composite of tfjs ops', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it.each(SHAPES)('cpu: values and x/gamma/beta gradients agree within 1e-5 for %j (mean offset %d)', async (shape, offset) => {
    await initBackend({ backend: 'cpu' });
    expect(fusedLayerNormAvailable()).toBe(true);
    const before = tf.memory().numTensors;
    const fused = valuesAndGradients(layerNormForward, shape, offset);
    const composite = valuesAndGradients(layerNormComposite, shape, offset);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxDifference(fused, composite)).toBeLessThan(1e-5);
  });

  it('wasm has no fused kernel: layerNormForward runs the composite there, with the cpu results', async () => {
    await initBackend({ backend: 'cpu' });
    const onCpu = valuesAndGradients(layerNormForward, [2, 3, 16], 0);
    await initBackend({ backend: 'wasm' });
    expect(fusedLayerNormAvailable()).toBe(false);
    const onWasm = valuesAndGradients(layerNormForward, [2, 3, 16], 0);
    expect(maxDifference(onWasm, onCpu)).toBeLessThan(1e-5);
  });

  it('records one forward kernel and, with gamma and beta frozen, one gradient kernel', async () => {
    await initBackend({ backend: 'cpu' });
    const x = tf.tensor2d(seeded(1)(3 * 8), [3, 8]);
    const gamma = tf.ones([8]);
    const beta = tf.zeros([8]);
    const profile = await tf.profile(() => {
      const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.square(layerNormForward(input, gamma, beta, 1e-5))))(x);
      gradient.dispose();
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === LAYER_NORM_KERNEL)).toHaveLength(1);
    expect(names.filter((name) => name === LAYER_NORM_GRAD_KERNEL)).toHaveLength(1);
    expect(names).not.toContain('Rsqrt');
    tf.dispose([x, gamma, beta]);
  });
});
