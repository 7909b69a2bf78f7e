import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { epochSeed, SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('produces the mulberry32 stream', () => {
    // Reference values from an independent Python port of mulberry32 (32-bit masks instead of Math.imul).
    const random = new SeededRandom(42);
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([2581720956, 1925393290, 3661312704, 2876485805]);
    const zero = new SeededRandom(0);
    expect([zero.nextUint32(), zero.nextUint32()]).toEqual([1144304738, 1416247]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 8 }, () => random.nextFloat());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    // Seeds that differ only above 2^32 are folded in, not truncated away.
    expect(draw(2 ** 40 + 7)).not.toEqual(draw(7));
  });

  it('keeps floats in [0, 1) and integers in [0, bound) with roughly uniform counts', () => {
    const random = new SeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    let low = 1;
    let high = 0;
    for (let draw = 0; draw < 100_000; draw += 1) {
      const value = random.nextFloat();
      low = Math.min(low, value);
      high = Math.max(high, value);
      const bucket = random.nextInt(10);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(100_000);
    // Binomial standard deviation is about 95; 500 is over 5 of them.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const shuffled = new SeededRandom(3).shuffle(Array.from({ length: 50 }, (_, index) => index));
    expect([...shuffled].sort((left, right) => left - right)).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(Array.from(new SeededRandom(3).shuffle(Int32Array.from({ length: 50 }, (_, index) => index)))).toEqual(shuffled);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new SeededRandom(1.5)).toThrow(InvalidConfigError);
    expect(() => new SeededRandom(Number.NaN)).toThrow(/seed/);
  });

  it('derives distinct, stable epoch seeds', () => {
    expect(epochSeed(5, 0)).toBe(epochSeed(5, 0));
    expect(new Set([epochSeed(5, 0), epochSeed(5, 1), epochSeed(5, 2), epochSeed(6, 0)]).size).toBe(4);
  });
});
