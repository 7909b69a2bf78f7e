// Test-only helpers: run the same tfjs code on the cpu backend and on 'native' and compare.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../register-native-backend';

export const registration = registerNativeBackend();

/** Kernel suites exist only when the addon is built; otherwise one test checks the typed reason. */
export function describeNative(name: string, body: () => void): void {
  if (registration.status === 'available') {
    describe(name, () => {
      afterAll(async () => {
        await tf.setBackend('cpu');
      });
      beforeAll(async () => {
        await tf.setBackend('native');
      });
      body();
    });
  } else {
    describe(name, () => {
      it('reports why the native addon is unavailable', () => {
        expect(registration.status === 'unavailable' && registration.reason).toMatch(/addon/);
      });
    });
  }
}

/** Deterministic values in [low, high). */
export function values(size: number, seed = 1, low = -2, high = 2): Float32Array {
  let state = seed * 2654435761;
  return Float32Array.from({ length: size }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return low + ((high - low) * state) / 2147483648;
  });
}

export function tensor(shape: number[], seed = 1, low = -2, high = 2): tf.Tensor {
  return tf.tensor(values(tf.util.sizeFromShape(shape), seed, low, high), shape);
}

async function runOn(backend: string, run: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; data: Float32Array | Int32Array | Uint8Array }[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(run);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const result = list.map((output) => ({ shape: output.shape, data: output.dataSync() as Float32Array }));
  tf.dispose(list);
  return result;
}

/** Runs `run` on cpu and on native and expects equal shapes and values within tolerance. */
export async function expectSameAsCpu(run: () => tf.Tensor | tf.Tensor[], tolerance = { atol: 1e-5, rtol: 1e-5 }): Promise<void> {
  const expected = await runOn('cpu', run);
  const actual = await runOn('native', run);
  expect(actual.length).toBe(expected.length);
  for (const [index, want] of expected.entries()) {
    const got = actual[index]!;
    expect(got.shape).toEqual(want.shape);
    let worst = 0;
    for (let i = 0; i < want.data.length; i++) {
      const difference = Math.abs((got.data[i] as number) - (want.data[i] as number));
      const allowed = tolerance.atol + tolerance.rtol * Math.abs(want.data[i] as number);
      if (!(difference <= allowed) && !(Number.isNaN(got.data[i]) && Number.isNaN(want.data[i]))) worst = Math.max(worst, difference - allowed);
    }
    expect(worst, `output ${index} differs beyond tolerance`).toBe(0);
  }
}

/** Runs `run` in a tidy on the active backend and reads every output back (outputs disposed). */
export function readOutputs(run: () => tf.Tensor[]): Float32Array[] {
  const outputs = tf.tidy(run);
  const read = outputs.map((output) => output.dataSync().slice() as Float32Array);
  tf.dispose(outputs);
  return read;
}

/** The largest absolute difference between two lists of arrays of equal lengths. */
export function maxDifference(left: readonly Float32Array[], right: readonly Float32Array[]): number {
  let worst = 0;
  left.forEach((values, index) => {
    expect(values.length).toBe(right[index]?.length);
    values.forEach((value, k) => (worst = Math.max(worst, Math.abs(value - right[index]![k]!))));
  });
  return worst;
}
