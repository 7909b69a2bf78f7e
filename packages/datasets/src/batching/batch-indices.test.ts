import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random';
import { batchIndices } from './batch-indices';

const flat = (batches: Int32Array[]): number[] => batches.flatMap((batch) => [...batch]);
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

describe('batchIndices', () => {
  it('keeps file order without shuffling, with a smaller last batch', () => {
    const batches = batchIndices(10, { batchSize: 4 });
    expect(batches.map((batch) => [...batch])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('drops the last partial batch with dropLast', () => {
    expect(batchIndices(10, { batchSize: 4, dropLast: true }).map((batch) => batch.length)).toEqual([4, 4]);
    expect(batchIndices(8, { batchSize: 4, dropLast: true }).map((batch) => batch.length)).toEqual([4, 4]);
    expect(batchIndices(3, { batchSize: 4, dropLast: true })).toEqual([]);
  });

  it('shuffles every row exactly once, reproducibly per seed and epoch', () => {
    const options = { batchSize: 8, shuffle: true, seed: 42 };
    const epoch0 = flat(batchIndices(100, options, 0));
    expect([...epoch0].sort((left, right) => left - right)).toEqual(range(100));
    expect(epoch0).not.toEqual(range(100));
    expect(flat(batchIndices(100, options, 0))).toEqual(epoch0);
    expect(flat(batchIndices(100, options, 1))).not.toEqual(epoch0);
    expect(flat(batchIndices(100, { ...options, seed: 43 }, 0))).not.toEqual(epoch0);
  });

  it('groups rows of similar length, cutting padding, while still covering every row once', () => {
    const random = new SeededRandom(9);
    const lengths = Array.from({ length: 2000 }, () => 5 + random.nextInt(120));
    const padded = (batches: Int32Array[]): number => batches.reduce((sum, batch) => sum + batch.length * Math.max(...[...batch].map((index) => lengths[index] ?? 0)), 0);
    const plain = batchIndices(lengths, { batchSize: 16, shuffle: true, seed: 1 });
    const grouped = batchIndices(lengths, { batchSize: 16, shuffle: true, seed: 1, groupByLength: true, megabatchFactor: 10 });
    expect([...flat(grouped)].sort((left, right) => left - right)).toEqual(range(2000));
    const realTokens = lengths.reduce((sum, length) => sum + length, 0);
    // Random batches of lengths 5-124 pad to about 1.6× the real tokens; grouped ones stay close to 1×.
    expect(padded(plain) / realTokens).toBeGreaterThan(1.4);
    expect(padded(grouped) / realTokens).toBeLessThan(1.1);
    expect(flat(batchIndices(lengths, { batchSize: 16, shuffle: true, seed: 1, groupByLength: true, megabatchFactor: 10 }))).toEqual(flat(grouped));
  });

  it('sorts longest first without shuffling when grouping by length', () => {
    const batches = batchIndices([3, 9, 1, 9, 5], { batchSize: 2, groupByLength: true });
    expect(batches.map((batch) => [...batch])).toEqual([[1, 3], [4, 0], [2]]);
  });

  it('rejects bad options', () => {
    expect(() => batchIndices(10, { batchSize: 0 })).toThrow(InvalidConfigError);
    expect(() => batchIndices(10, { batchSize: 2, groupByLength: true })).toThrow(/row lengths/);
    expect(() => batchIndices(10, { batchSize: 2 }, -1)).toThrow(/epoch/);
    expect(() => batchIndices(10, { batchSize: 2, shuffle: true, seed: 0.5 })).toThrow(/seed/);
  });
});
