import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../index';
import { logSoftmax } from '../module/log-softmax';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296 - 0.5;
  };
}

function values(random: () => number, count: number): Float32Array {
  return Float32Array.from({ length: count }, random);
}

/** Every transpose combination, 2-D and batched with broadcasting, plus the gradients of a Linear. */
async function matmulResults(): Promise<number[][]> {
  const random = seeded(7);
  const a = tf.tensor3d(values(random, 2 * 3 * 5), [2, 3, 5]);
  const b = tf.tensor3d(values(random, 1 * 5 * 4), [1, 5, 4]);
  const x = tf.tensor2d(values(random, 6 * 5), [6, 5]);
  const weight = tf.tidy(() => tf.variable(tf.tensor2d(values(random, 4 * 5), [4, 5]), true, 'matmul-test/weight'));
  const results = tf.tidy(() => {
    const products = [
      tf.matMul(a, b),
      tf.matMul(tf.transpose(a, [0, 2, 1]), b, true, false),
      tf.matMul(a, tf.transpose(b, [0, 2, 1]), false, true),
      tf.matMul(tf.transpose(a, [0, 2, 1]), tf.transpose(b, [0, 2, 1]), true, true),
      tf.matMul(x, weight, false, true),
    ];
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.matMul(x, weight, false, true))), [weight]);
    return [...products, value, grads['matmul-test/weight'] as tf.Tensor];
  });
  const read = await Promise.all(results.map(async (tensor) => Array.from(await tensor.data())));
  tf.dispose([...results, a, b, x, weight]);
  return read;
}

async function logSoftmaxResults(): Promise<number[][]> {
  const random = seeded(11);
  const logits = tf.tidy(() => tf.variable(tf.tensor2d(values(random, 3 * 7), [3, 7]), true, 'log-softmax-test/logits'));
  const weights = tf.tensor2d(values(random, 3 * 7), [3, 7]);
  const results = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(logSoftmax(logits), weights)), [logits]);
    return [logSoftmax(logits), value, grads['log-softmax-test/logits'] as tf.Tensor];
  });
  const read = await Promise.all(results.map(async (tensor) => Array.from(await tensor.data())));
  tf.dispose([...results, logits, weights]);
  return read;
}

function maxDifference(left: number[][], right: number[][]): number {
  return Math.max(...left.flatMap((row, index) => row.map((value, k) => Math.abs(value - (right[index]?.[k] ?? Number.NaN)))));
}

describe('wasm matmul with transposed operands, the Max gradient, and logSoftmax', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('gives the cpu backend results on wasm for every transpose flag and a Linear gradient', async () => {
    await initBackend({ backend: 'cpu' });
    const reference = await matmulResults();
    await initBackend({ backend: 'wasm' });
    const before = tf.memory().numTensors;
    const onWasm = await matmulResults();
    expect(tf.memory().numTensors).toBe(before);
    expect(onWasm.map((row) => row.length)).toEqual(reference.map((row) => row.length));
    expect(maxDifference(onWasm, reference)).toBeLessThan(1e-5);
  });

  it('routes the Max gradient to every tied maximum, on cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend({ backend });
      const x = tf.tidy(() => tf.variable(tf.tensor2d([[1, 3, 3, -2], [0, -1, 5, 4]]), true, 'max-test/x'));
      const gradient = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.max(x, 1), tf.tensor1d([2, -1]))), [x]);
        value.dispose();
        return grads['max-test/x'] as tf.Tensor;
      });
      expect(Array.from(await gradient.data(), (value) => value + 0)).toEqual([0, 2, 2, 0, 0, 0, -1, 0]);
      tf.dispose([gradient, x]);
    }
  });

  it('has the analytic logSoftmax gradient dy - softmax * sum(dy) on cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend({ backend });
      const [output, , gradient] = (await logSoftmaxResults()) as [number[], number[], number[]];
      // Reference in float64 from the same seeded inputs.
      const random = seeded(11);
      const logits = Array.from(values(random, 21));
      const weights = Array.from(values(random, 21));
      for (let row = 0; row < 3; row++) {
        const slice = logits.slice(row * 7, row * 7 + 7);
        const max = Math.max(...slice);
        const logSum = Math.log(slice.reduce((sum, value) => sum + Math.exp(value - max), 0));
        const expected = slice.map((value) => value - max - logSum);
        const dy = weights.slice(row * 7, row * 7 + 7);
        const dySum = dy.reduce((sum, value) => sum + value, 0);
        for (let k = 0; k < 7; k++) {
          expect(output[row * 7 + k]).toBeCloseTo(expected[k] as number, 5);
          expect(gradient[row * 7 + k]).toBeCloseTo((dy[k] as number) - Math.exp(expected[k] as number) * dySum, 5);
        }
      }
    }
  });
});
