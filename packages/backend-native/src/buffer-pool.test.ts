import { describe, expect, it } from 'vitest';
import { backingLength, Float32BufferPool } from './buffer-pool';

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

  it('rounds lengths above 4096 up to four sizes per power of two, at most 25% more', () => {
    expect(backingLength(1)).toBe(1);
    expect(backingLength(4096)).toBe(4096);
    expect(backingLength(4097)).toBe(5120);
    expect(backingLength(32 * 37 * 128)).toBe(163840); // [32, 37, 128] shares an array with [32, 40, 128]
    expect(backingLength(32 * 40 * 128)).toBe(163840);
    for (let length = 4097; length < 300_000; length += 977) {
      expect(backingLength(length)).toBeGreaterThanOrEqual(length);
      expect(backingLength(length)).toBeLessThanOrEqual(length * 1.25);
    }
  });

  it('serves a shorter length from a released longer array of the same size class, as a view of its start', () => {
    const pool = new Float32BufferPool(1 << 24);
    const long = pool.claim(pool.acquire(32 * 40 * 128)) as Float32Array;
    expect(long.length).toBe(32 * 40 * 128);
    pool.release(long);
    const short = pool.acquire(32 * 37 * 128);
    expect(short.length).toBe(32 * 37 * 128);
    expect(short.buffer).toBe(long.buffer);
    expect(short.byteOffset).toBe(0);
    expect(pool.owns(short)).toBe(true);
    expect(pool.stats()).toMatchObject({ hits: 1, misses: 1 });
    // Released, the view gives the whole backing array back, whose size is counted, and reused again at full length.
    pool.release(pool.claim(short));
    expect(pool.stats().freeBytes).toBe(163840 * 4);
    const again = pool.acquire(163840);
    expect(again.buffer).toBe(long.buffer);
    expect(again.length).toBe(163840);
  });

  it('copies a view that another tensor makes of a pooled view, never aliasing it', () => {
    const pool = new Float32BufferPool(1 << 24);
    const view = pool.claim(pool.acquire(5000).fill(2)) as Float32Array;
    const slice = pool.claim(view.subarray(10, 20)) as Float32Array;
    expect(slice.buffer).not.toBe(view.buffer);
    expect(Array.from(slice)).toEqual(new Array(10).fill(2));
  });
});
