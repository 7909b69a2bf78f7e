/** One example's states: its unpadded ids (the key) and `[length, hidden]` floats. */
interface CachedRow {
  readonly inputIds: Int32Array;
  readonly tokenTypeIds: Int32Array | undefined;
  readonly states: Float32Array;
}

/** What a `FrozenLayerCache` holds and how it was used. */
export interface FrozenLayerCacheStats {
  readonly rows: number;
  readonly bytes: number;
  readonly maxBytes: number;
  /** Rows served from the cache. */
  readonly hits: number;
  /** Rows whose lower layers ran (each one once while the budget lasts). */
  readonly computedRows: number;
  /** Rows computed but not kept: over the budget, or not right-padded. */
  readonly rejectedRows: number;
}

/** Bytes counted per row besides its arrays (the bucket slot and object headers, roughly). */
const ROW_OVERHEAD_BYTES = 96;

function sameIds(left: Int32Array | undefined, right: Int32Array | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** FNV-1a over the ids (and segment ids): the bucket of an example. */
function hashRow(inputIds: Int32Array, tokenTypeIds: Int32Array | undefined): number {
  let hash = 0x811c9dc5;
  const mix = (value: number): void => {
    hash = Math.imul(hash ^ (value & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (value >>> 16), 0x01000193);
  };
  for (const id of inputIds) mix(id);
  if (tokenTypeIds !== undefined) for (const id of tokenTypeIds) mix(id);
  return hash >>> 0;
}

/**
 * Host-memory store of frozen lower-layer states, one entry per distinct unpadded example (its ids are the
 * key, so the batch order, bucketing and each batch's padding do not matter, and duplicates share an entry).
 * Bounded by `maxBytes`: once full it admits nothing more and the caller recomputes the rest each time; with
 * epochs visiting every row once, keeping the first rows beats any eviction (each evicted row would be
 * recomputed anyway before its next use).
 */
export class FrozenLayerCache {
  private readonly buckets = new Map<number, CachedRow[]>();
  private storedBytes = 0;
  private storedRows = 0;
  private hitCount = 0;
  private computedCount = 0;
  private rejectedCount = 0;

  constructor(
    readonly hiddenSize: number,
    readonly maxBytes: number,
  ) {}

  /** The states of this example, or undefined; counts a hit. */
  get(inputIds: Int32Array, tokenTypeIds: Int32Array | undefined): Float32Array | undefined {
    const bucket = this.buckets.get(hashRow(inputIds, tokenTypeIds));
    const found = bucket?.find((row) => sameIds(row.inputIds, inputIds) && sameIds(row.tokenTypeIds, tokenTypeIds));
    if (found !== undefined) this.hitCount += 1;
    return found?.states;
  }

  /** Records a computed row and keeps it when it fits the budget; returns whether it was kept. Copies the arrays. */
  put(inputIds: Int32Array, tokenTypeIds: Int32Array | undefined, states: Float32Array): boolean {
    this.computedCount += 1;
    const bytes = states.byteLength + inputIds.byteLength + (tokenTypeIds?.byteLength ?? 0) + ROW_OVERHEAD_BYTES;
    if (this.storedBytes + bytes > this.maxBytes) {
      this.rejectedCount += 1;
      return false;
    }
    const hash = hashRow(inputIds, tokenTypeIds);
    const bucket = this.buckets.get(hash) ?? [];
    if (bucket.length === 0) this.buckets.set(hash, bucket);
    bucket.push({ inputIds: inputIds.slice(), tokenTypeIds: tokenTypeIds?.slice(), states: states.slice() });
    this.storedBytes += bytes;
    this.storedRows += 1;
    return true;
  }

  /** Counts a row computed but not offered for keeping (e.g. not right-padded). */
  reject(): void {
    this.computedCount += 1;
    this.rejectedCount += 1;
  }

  get stats(): FrozenLayerCacheStats {
    return {
      rows: this.storedRows,
      bytes: this.storedBytes,
      maxBytes: this.maxBytes,
      hits: this.hitCount,
      computedRows: this.computedCount,
      rejectedRows: this.rejectedCount,
    };
  }

  clear(): void {
    this.buckets.clear();
    this.storedBytes = 0;
    this.storedRows = 0;
  }
}
