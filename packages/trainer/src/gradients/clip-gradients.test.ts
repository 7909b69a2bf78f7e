import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@adapters/core';
import { clipGradientsByGlobalNorm, clipGradientTensors } from './clip-gradients';

function named(entries: Record<string, number[]>): Map<string, tf.Tensor> {
  return new Map(Object.entries(entries).map(([name, values]) => [name, tf.tensor1d(values)]));
}

async function valuesOf(gradients: Map<string, tf.Tensor>): Promise<Record<string, number[]>> {
  const result: Record<string, number[]> = {};
  for (const [name, gradient] of gradients) {
    result[name] = Array.from(await gradient.data());
    gradient.dispose();
  }
  return result;
}

describe('clipGradientsByGlobalNorm', () => {
  it('scales every gradient by maxNorm / (norm + 1e-6) when the global norm is too large', async () => {
    // Global norm of [3] and [4, 0] is 5.
    const input = named({ a: [3], b: [4, 0] });
    const { gradients, norm } = await clipGradientsByGlobalNorm(input, 1);
    expect(norm).toBeCloseTo(5, 6);
    const coefficient = 1 / (5 + 1e-6);
    const clipped = await valuesOf(gradients);
    expect(clipped.a?.[0]).toBeCloseTo(3 * coefficient, 7);
    expect(clipped.b?.[0]).toBeCloseTo(4 * coefficient, 7);
    // The inputs are the caller's and stay intact.
    expect(Array.from(await (input.get('a') as tf.Tensor).data())).toEqual([3]);
    for (const tensor of input.values()) tensor.dispose();
  });

  it('leaves small gradients as they are, and 0 means no clipping at all', async () => {
    const input = named({ a: [0.3], b: [0.4] });
    const small = await clipGradientsByGlobalNorm(input, 1);
    expect(small.norm).toBeCloseTo(0.5, 6);
    const smallValues = await valuesOf(small.gradients);
    expect(smallValues.a?.[0]).toBeCloseTo(0.3, 6);
    const off = await clipGradientsByGlobalNorm(input, 0);
    expect(await valuesOf(off.gradients)).toEqual({ a: [expect.closeTo(0.3, 7)], b: [expect.closeTo(0.4, 7)] });
    for (const tensor of input.values()) tensor.dispose();
  });

  it('has a tensor form that returns the norm without reading it', async () => {
    const input = named({ a: [6, 8] });
    const { gradients, norm } = clipGradientTensors(input, 2);
    expect((await norm.data())[0]).toBeCloseTo(10, 5);
    norm.dispose();
    const values = await valuesOf(gradients);
    expect(values.a?.[0]).toBeCloseTo(1.2, 5);
    expect(() => clipGradientTensors(input, -1)).toThrow(InvalidConfigError);
    for (const tensor of input.values()) tensor.dispose();
  });
});
