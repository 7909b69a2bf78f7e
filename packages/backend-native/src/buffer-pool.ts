import type * as tf from '@tensorflow/tfjs-core';

export interface BufferPoolStats {
  /** Arrays handed out that were reused from the pool. */
  readonly hits: number;
  /** Arrays that had to be allocated. */
  readonly misses: number;
  /** Bytes sitting in the pool, ready for reuse. */
  readonly freeBytes: number;
}

/**
 * The length of the array that backs a request of `length` elements: exact up to 4096 elements, above that rounded
 * up to one of four sizes per power of two (at most 25% more), so batches whose lengths differ a little (dynamic
 * padding, length grouping) reuse each other's arrays instead of each length keeping its own.
 */
export function backingLength(length: number): number {
  if (length <= 4096) return length;
  const step = 2 ** (Math.floor(Math.log2(length)) - 2);
  return Math.ceil(length / step) * step;
}

/**
 * Float32Arrays keyed by backing length (`backingLength`; a shorter request gets a view of its first elements),
 * refilled when the backend disposes a tensor. Fresh arrays cost more
 * than most kernels (zeroing and page faults: 1.7–7.5 ms per 8 MB), so outputs come from here.
 *
 * Only arrays this pool created are ever recycled: `tf.tensor(userArray)` stores the user's array without
 * copying, so recycling foreign arrays would overwrite user data. An array is attached to at most one
 * live tensor; a second attachment, or a view into a pooled array (the cpu Slice returns views), is
 * copied first, so a recycled array can never alias live data.
 */
export class Float32BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly created = new WeakSet<Float32Array>();
  /** The whole backing array of each view handed out. */
  private readonly backing = new WeakMap<Float32Array, Float32Array>();
  private readonly createdBuffers = new WeakSet<ArrayBufferLike>();
  private readonly attached = new WeakSet<Float32Array>();
  private freeBytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxFreeBytes: number) {}

  /** A pooled array of `length` elements with arbitrary contents; the caller overwrites all of it. */
  acquire(length: number): Float32Array {
    const size = backingLength(length);
    let whole = this.free.get(size)?.pop();
    if (whole !== undefined) {
      this.freeBytes -= whole.byteLength;
      this.hits++;
    } else {
      this.misses++;
      whole = new Float32Array(size);
      this.created.add(whole);
      this.createdBuffers.add(whole.buffer);
    }
    if (size === length) return whole;
    const view = whole.subarray(0, length);
    this.created.add(view);
    this.backing.set(view, whole);
    return view;
  }

  /** Called when values get attached to a tensor: returns what may safely be stored. */
  claim(values: tf.backend_util.BackendValues): tf.backend_util.BackendValues {
    if (values instanceof Float32Array && this.created.has(values)) {
      if (!this.attached.has(values)) {
        this.attached.add(values);
        return values;
      }
      return this.copy(values);
    }
    if (ArrayBuffer.isView(values) && this.createdBuffers.has(values.buffer)) {
      return values instanceof Float32Array ? this.copy(values) : values.slice();
    }
    return values;
  }

  /** Called when a tensor's data is freed. Arrays the pool did not create are left to the GC. */
  release(values: tf.backend_util.BackendValues): void {
    if (!(values instanceof Float32Array) || !this.attached.has(values)) return;
    this.attached.delete(values);
    const whole = this.backing.get(values) ?? values;
    if (this.freeBytes + whole.byteLength > this.maxFreeBytes) return;
    let bucket = this.free.get(whole.length);
    if (bucket === undefined) {
      bucket = [];
      this.free.set(whole.length, bucket);
    }
    bucket.push(whole);
    this.freeBytes += whole.byteLength;
  }

  /** True for arrays that live in the pool; readers get a copy so later reuse cannot change what they hold. */
  owns(values: unknown): boolean {
    return values instanceof Float32Array && this.created.has(values);
  }

  stats(): BufferPoolStats {
    return { hits: this.hits, misses: this.misses, freeBytes: this.freeBytes };
  }

  /** Drops every free array (they are then garbage collected). */
  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }

  private copy(values: Float32Array): Float32Array {
    const copy = this.acquire(values.length);
    copy.set(values);
    this.attached.add(copy);
    return copy;
  }
}
