import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { geluExact } from './activations';
import { fusedGeluAvailable, GELU_KERNEL } from './gelu-kernel';

// x Φ(x) and its derivative Φ(x) + x φ(x), from the normal distribution's tables (torch's gelu, approximate='none').
const X = [-3, -1, 0, 0.5, 1, 2.5];
const GELU = [-0.0040497, -0.1586553, 0, 0.3457312, 0.8413447, 2.4844758];
const GELU_DERIVATIVE = [-0.0119456, -0.0833155, 0.5, 0.8674951, 1.0833155, 1.0376111];

describe('exact GELU where no fused kernel is registered (cpu, wasm run the composite)', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it.each(['cpu', 'wasm'] as const)('%s: values and gradient are x Φ(x) and Φ(x) + x φ(x)', async (backend) => {
    await initBackend({ backend });
    expect(fusedGeluAvailable()).toBe(false);
    expect(tf.getGradient(GELU_KERNEL)).toBeDefined();
    const x = tf.tensor1d(X);
    const [value, gradient] = tf.tidy(() => [geluExact(x), tf.grad((input: tf.Tensor) => tf.sum(geluExact(input)))(x)]);
    Array.from(value!.dataSync()).forEach((got, index) => expect(got).toBeCloseTo(GELU[index]!, 5));
    Array.from(gradient!.dataSync()).forEach((got, index) => expect(got).toBeCloseTo(GELU_DERIVATIVE[index]!, 5));
    tf.dispose([x, value!, gradient!]);
  });
});
