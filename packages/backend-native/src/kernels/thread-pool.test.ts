import * as tf from '@tensorflow/tfjs-core';
import { attentionCore, geluExact, layerNormForward, linearForward } from '@adapters/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadNativeAddon } from '../load-native-addon';
import { describeNative, expectSameAsCpu, readOutputs, tensor } from './native-test-harness';

/** A layer's inputs at sizes that split: hidden states, LayerNorm parameters, attention heads and a padding mask. */
function layerInputs() {
  return {
    x: tensor([3, 67, 130], 1),
    gamma: tensor([130], 4, 0.5, 1.5),
    beta: tensor([130], 5),
    query: tensor([4, 37, 96], 6),
    key: tensor([4, 41, 96], 7),
    value: tensor([4, 41, 96], 8),
    mask: tf.mul(tf.less(tensor([4, 1, 1, 41], 9), -1.5), -1e4) as tf.Tensor4D,
  };
}

/**
 * The sgemm-based kernels the pool splits (rows, columns, batches of products), with the gradients of a training
 * step's layer. OpenBLAS picks its inner kernels by size, so a split product may round differently in the last bit.
 */
function splitProducts(): tf.Tensor[] {
  const { x, gamma, beta, query, key, value, mask } = layerInputs();
  const weight = tensor([260, 130], 2, -0.1, 0.1);
  const bias = tensor([260], 3);
  const weights = tensor([3, 67, 260], 10);
  const loss = (input: tf.Tensor, w: tf.Tensor, scale: tf.Tensor, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => {
    const normalized = layerNormForward(input, scale, beta, 1e-12);
    const hidden = geluExact(linearForward(normalized, w, bias));
    const attended = attentionCore(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, mask, 3);
    return tf.add(tf.sum(tf.mul(hidden, weights)), tf.sum(tf.tanh(attended)));
  };
  const wide = tensor([40, 3000], 11, -0.1, 0.1);
  const tall = tensor([3000, 40], 12, -0.1, 0.1);
  return [
    ...tf.grads(loss)([x, weight, gamma, query, key, value]),
    tf.matMul(tensor([40, 3000], 32, -0.1, 0.1), tensor([3000, 900], 33, -0.1, 0.1)), // wide and short: split by columns
    tf.matMul(tall, wide), // tall: split by rows
    tf.matMul(tall, tall, true, false), // transposed A: a weight gradient
    tf.matMul(tensor([12, 70, 33], 14), tensor([12, 33, 50], 15)), // many products: split by batch
  ];
}

/** Every other kernel the pool splits (by rows, elements, columns or heads): each element is computed as on one thread. */
function splitExactKernels(): tf.Tensor[] {
  const { x, gamma, beta, query, key, value, mask } = layerInputs();
  const loss = (input: tf.Tensor, scale: tf.Tensor, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
    tf.add(
      tf.sum(tf.mul(geluExact(layerNormForward(input, scale, beta, 1e-12)), x)),
      tf.sum(tf.tanh(attentionCore(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, mask, 3))),
    );
  const indices = tf.tensor1d(Array.from({ length: 500 }, (_, index) => (index * 37) % 997), 'int32');
  const table = tensor([997, 130], 13);
  const segments = tf.tensor1d(Array.from({ length: 500 }, (_, index) => (index * 7) % 40), 'int32');
  return [
    ...tf.grads(loss)([x, gamma, query, key, value]),
    tf.add(x, tf.reshape(gamma, [1, 1, 130])), // broadcast rows
    tf.mul(tensor([200_003], 16), tensor([200_003], 17)), // one collapsed axis: split by elements
    tf.exp(tensor([100_003], 18)),
    tf.relu(tensor([300_007], 19)),
    tf.sum(tensor([3000, 130], 20), 0), // bias gradient: columns
    tf.sum(tensor([3000, 130], 21), 1), // rows
    tf.max(tensor([130, 3000], 22), 1),
    tf.transpose(tensor([67, 130, 30], 23), [2, 0, 1]),
    tf.slice(tensor([400, 300], 24), [3, 5], [390, 290]),
    tf.tile(tensor([1, 130], 25), [3000, 1]),
    tf.gather(table, indices),
    tf.unsortedSegmentSum(tensor([500, 130], 26), segments, 40),
    tf.addN([tensor([100_003], 27), tensor([100_003], 28), tensor([100_003], 29)]),
    tf.softmax(tensor([600, 257], 30)),
  ];
}

describeNative('the native kernel thread pool', () => {
  const loaded = loadNativeAddon();
  const addon = loaded.status === 'available' ? loaded.addon : undefined;
  const defaultThreads = addon?.info().threads ?? 1;
  afterEach(() => addon?.setThreads(defaultThreads));

  it('gives every split kernel but sgemm the same results on 1, 2, 3 and 8 threads, to the bit', () => {
    addon!.setThreads(1);
    const single = readOutputs(splitExactKernels);
    for (const threads of [2, 3, 8]) {
      addon!.setThreads(threads);
      expect(addon!.info().threads).toBe(threads);
      const split = readOutputs(splitExactKernels);
      expect(split.length).toBe(single.length);
      split.forEach((values, index) => {
        expect(values.length, `output ${index}`).toBe(single[index]!.length);
        let differing = 0;
        for (let i = 0; i < values.length; i++) if (!Object.is(values[i], single[index]![i])) differing++;
        expect(differing, `output ${index} on ${threads} threads`).toBe(0);
      });
    }
  });

  it('gives split products and the gradients of a layer within 1e-5 (relative) of one thread', () => {
    addon!.setThreads(1);
    const single = readOutputs(splitProducts);
    for (const threads of [2, 3, 8]) {
      addon!.setThreads(threads);
      const split = readOutputs(splitProducts);
      split.forEach((values, index) => {
        let worst = 0;
        values.forEach((value, i) => {
          worst = Math.max(worst, Math.abs(value - single[index]![i]!) / (1 + Math.abs(single[index]![i]!)));
        });
        expect(worst, `output ${index} on ${threads} threads`).toBeLessThan(1e-5);
      });
    }
  });

  it('matches the cpu backend with split kernels (4 threads)', async () => {
    addon!.setThreads(4);
    await expectSameAsCpu(() => [...splitProducts(), ...splitExactKernels()], { atol: 1e-4, rtol: 1e-4 });
  });

  it('draws the same dropout masks on 1, 2, 3 and 8 threads: each chunk starts from alea jumped ahead', () => {
    // seedrandom's alea state after Mash of a seed: three multiples of 2^-32 in [0, 1) and the carry 1.
    const state = [3_320_733_423 / 2 ** 32, 323_644_264 / 2 ** 32, 2_152_600_589 / 2 ** 32, 1];
    const draw = (threads: number) => {
      addon!.setThreads(threads);
      const out = new Float32Array(1_000_003);
      addon!.dropoutMask(out, state[0]!, state[1]!, state[2]!, state[3]!, 0.9);
      return out;
    };
    const single = draw(1);
    expect(single.filter((value) => value === 0).length / single.length).toBeCloseTo(0.1, 2);
    for (const threads of [2, 3, 8]) {
      const split = draw(threads);
      const differing = split.reduce((count, value, index) => count + (Object.is(value, single[index]) ? 0 : 1), 0);
      expect(differing, `${threads} threads`).toBe(0);
    }
  });

  it('survives many back-to-back jobs from a loop without losing a chunk', () => {
    addon!.setThreads(4);
    const a = tensor([256, 256], 31);
    const expected = readOutputs(() => [tf.add(a, a)])[0]!;
    for (let round = 0; round < 300; round++) {
      const [got] = readOutputs(() => [tf.add(a, a)]);
      if (got!.some((value, index) => value !== expected[index])) throw new Error(`round ${round} lost a chunk`);
    }
    a.dispose();
  });

  it.each([
    [{ ADAPTERS_NATIVE_THREADS: '3', OPENBLAS_NUM_THREADS: '5' }, 3],
    [{ OPENBLAS_NUM_THREADS: '5' }, 5],
    [{ ADAPTERS_NATIVE_THREADS: '1' }, 1],
  ])('sizes the pool from the environment: %j gives %d threads', (environment, threads) => {
    const path = loaded.status === 'available' ? loaded.path : '';
    const { ADAPTERS_NATIVE_THREADS: _a, OPENBLAS_NUM_THREADS: _b, ...rest } = process.env;
    const child = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path)}).info().threads)`], {
      env: { ...rest, ...environment },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(Number(child.stdout.trim())).toBe(threads);
  });

  it('uses only the cores the process may run on (CPU affinity): pinned to one core, one thread', () => {
    const path = loaded.status === 'available' ? loaded.path : '';
    const { ADAPTERS_NATIVE_THREADS: _a, OPENBLAS_NUM_THREADS: _b, ...rest } = process.env;
    const child = spawnSync('taskset', ['-c', '0', process.execPath, '-e', `console.log(require(${JSON.stringify(path)}).info().threads)`], {
      env: rest,
      encoding: 'utf8',
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(Number(child.stdout.trim())).toBe(1);
  });

  it.each([
    ['50000 100000', 1], // half a CPU: one thread
    ['max 100000', 0], // no quota: every core of the affinity (0 = compare with the parent's default)
  ])('honours the cgroup CPU quota (cpu.max %s)', (cpuMax, threads) => {
    const folder = mkdtempSync(join(tmpdir(), 'cpu-max-'));
    try {
      const file = join(folder, 'cpu.max');
      writeFileSync(file, `${cpuMax}\n`);
      const path = loaded.status === 'available' ? loaded.path : '';
      const { ADAPTERS_NATIVE_THREADS: _a, OPENBLAS_NUM_THREADS: _b, ...rest } = process.env;
      const child = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path)}).info().threads)`], {
        env: { ...rest, ADAPTERS_NATIVE_CPU_MAX: file },
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      const unlimited = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path)}).info().threads)`], {
        env: { ...rest, ADAPTERS_NATIVE_CPU_MAX: join(folder, 'missing') },
        encoding: 'utf8',
      });
      expect(Number(child.stdout.trim())).toBe(threads === 0 ? Number(unlimited.stdout.trim()) : threads);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('backs off to the calling thread for 512 jobs after three jobs in a row where the caller waited longer than it worked', () => {
    const jobs = (pairs: [number, number][]) => Array.from(addon!.backoffProbe(Float64Array.from(pairs.flat())));
    const slow: [number, number] = [100_000, 300_000]; // 0.1 ms own work, 0.3 ms waiting for a worker
    const fine: [number, number] = [300_000, 10_000];
    const tiny: [number, number] = [1_000, 15_000]; // waited longer, but under 20 µs: not a lost core
    // Two slow jobs, a fine one, two slow: never three in a row.
    expect(jobs([slow, slow, fine, slow, slow, tiny, tiny, tiny])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    // Three in a row: the next 512 jobs run serially (the decision after each job is whether the next may split).
    const decisions = jobs([slow, slow, slow, ...Array.from({ length: 513 }, () => fine)]);
    expect(decisions.slice(0, 2)).toEqual([1, 1]);
    expect(decisions.slice(2, 514).every((allowed) => allowed === 0)).toBe(true);
    expect(decisions.slice(514)).toEqual([1, 1]);
  });

  it('rejects a thread count outside 1..256 with a range error', () => {
    expect(() => addon!.setThreads(0)).toThrow(/1 to 256 threads/);
    expect(() => addon!.setThreads(1000)).toThrow(/1 to 256 threads/);
  });
});
