import { describe, expect, it } from 'vitest';
import { Float32BufferPool } from './buffer-pool';

describe('Float32BufferPool', () => {
  it('reuses a released array of the same length', () => {
    const pool = new Float32BufferPool(1 << 20);
    const first = pool.claim(pool.acquire(16)) as Float32Array;
    pool.release(first);
    expect(pool.acquire(16)).toBe(first);
    expect(pool.acquire(16)).not.toBe(first);
    expect(pool.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('never recycles arrays it did not create, nor arrays that were not attached', () => {
    const pool = new Float32BufferPool(1 << 20);
    const user = new Float32Array(16);
    expect(pool.claim(user)).toBe(user);
    pool.release(user);
    const unattached = pool.acquire(16);
    pool.release(unattached);
    expect(pool.stats().freeBytes).toBe(0);
  });

  it('copies a second attachment and views into pooled arrays', () => {
    const pool = new Float32BufferPool(1 << 20);
    const array = pool.claim(pool.acquire(8).fill(3)) as Float32Array;
    const again = pool.claim(array) as Float32Array;
    expect(again).not.toBe(array);
    expect(Array.from(again)).toEqual(Array.from(array));
    const view = pool.claim(array.subarray(2, 4)) as Float32Array;
    expect(view.buffer).not.toBe(array.buffer);
    expect(Array.from(view)).toEqual([3, 3]);
  });

  it('keeps at most maxFreeBytes in the pool', () => {
    const pool = new Float32BufferPool(64);
    const arrays = [0, 1, 2, 3].map(() => pool.claim(pool.acquire(8)));
    for (const array of arrays) pool.release(array);
    expect(pool.stats().freeBytes).toBe(64);
    pool.clear();
    expect(pool.stats().freeBytes).toBe(0);
  });
});
