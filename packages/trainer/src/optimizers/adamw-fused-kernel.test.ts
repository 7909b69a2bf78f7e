// The native backend's one-kernel AdamW update against the tfjs ops it replaces, on the same backend.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAMW_KERNEL, fusedAdamWAvailable, initBackend } from '@adapters/core';
import { AdamW } from './adamw';

const native = await initBackend({ backend: 'native' }).then(
  () => undefined,
  (error: unknown) => error as Error,
);

/** Deterministic values in [-scale, scale). */
function values(size: number, seed: number, scale: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: size }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return scale * (2 * (state / 2147483648) - 1);
  });
}

/** Five AdamW steps on a decayed weight and an undecayed bias; weight gradients from 1e-9 to 1e-1, so ε matters. */
async function train(): Promise<Float32Array[]> {
  const weight = tf.tidy(() => tf.variable(tf.tensor2d(values(96, 1, 1), [8, 12])));
  const bias = tf.tidy(() => tf.variable(tf.tensor1d(values(12, 2, 0.1))));
  const optimizer = new AdamW([['dense.weight', weight], ['dense.bias', bias]], { weightDecay: 0.01 });
  for (const [step, learningRate] of [0, 0.02, 0.1, 0.05, 0.08].entries()) {
    const gradients = new Map<string, tf.Tensor>([
      ['dense.weight', tf.tensor2d(values(96, 10 + step, 10 ** (2 * step - 9)), [8, 12])],
      ['dense.bias', tf.tensor1d(values(12, 20 + step, 0.5))],
    ]);
    optimizer.step(gradients, learningRate);
    tf.dispose([...gradients.values()]);
  }
  const state = await optimizer.exportState();
  const read = [weight.dataSync().slice(), bias.dataSync().slice()] as Float32Array[];
  for (const entry of state.parameters.values()) read.push(entry.firstMoment, entry.secondMoment);
  optimizer.dispose();
  tf.dispose([weight, bias]);
  return read;
}

describe('AdamW with the native fused update kernel', () => {
  if (native !== undefined) {
    it('reports why the native backend is unavailable', () => {
      expect(native.message).toMatch(/native/);
    });
    return;
  }
  beforeAll(async () => {
    await tf.setBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the parameters and moments of the tfjs-ops update within 1e-6 over five steps, in one kernel per parameter', async () => {
    expect(fusedAdamWAvailable()).toBe(true);
    const profile = await tf.profile(async () => {
      await train();
    });
    expect(profile.kernels.filter((kernel) => kernel.name === ADAMW_KERNEL)).toHaveLength(10);
    expect(profile.kernels.map((kernel) => kernel.name)).not.toContain('Sqrt');
    const fused = await train();
    const config = tf.getKernel(ADAMW_KERNEL, 'native')!;
    tf.unregisterKernel(ADAMW_KERNEL, 'native');
    try {
      expect(fusedAdamWAvailable()).toBe(false);
      const composite = await train();
      expect(fused.length).toBe(6);
      fused.forEach((array, index) => {
        const other = composite[index]!;
        array.forEach((value, k) => expect(Math.abs(value - other[k]!), `array ${index} element ${k}`).toBeLessThanOrEqual(1e-6));
      });
    } finally {
      tf.registerKernel(config);
    }
  });
});
