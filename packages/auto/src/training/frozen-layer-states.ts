import type { Batch } from '@adapters/core';
import type { FrozenLayerCache } from './frozen-layer-cache';

/** Which rows of a batch the cache serves and which must run through the lower layers. */
export interface FrozenStatesPlan {
  /** `[B, T, H]` row-major; cached rows are filled in, pad positions stay 0 (the mask hides them from real tokens). */
  readonly states: Float32Array;
  /** Batch rows to compute, in order. */
  readonly missing: readonly number[];
  /** Per batch row: its real length when the mask is 1…1 0…0 (the cacheable case), else undefined. */
  readonly lengths: ReadonlyArray<number | undefined>;
  /** Columns the missing rows need (their longest real length; the full width for a row not right-padded). */
  readonly width: number;
}

/** The real length of a right-padded row (mask ones, then zeros), or undefined for any other mask. */
function rightPaddedLength(mask: Int32Array, offset: number, width: number): number | undefined {
  let length = 0;
  while (length < width && mask[offset + length] === 1) length += 1;
  for (let column = length; column < width; column++) if (mask[offset + column] !== 0) return undefined;
  return length;
}

function rowIds(ids: Int32Array | undefined, row: number, width: number, length: number): Int32Array | undefined {
  return ids?.subarray(row * width, row * width + length);
}

/** Looks every row of the batch up in the cache. */
export function planFrozenStates(cache: FrozenLayerCache, batch: Batch): FrozenStatesPlan {
  const [rows, width] = batch.shape;
  const hidden = cache.hiddenSize;
  const states = new Float32Array(rows * width * hidden);
  const missing: number[] = [];
  const lengths: Array<number | undefined> = [];
  let missingWidth = 0;
  for (let row = 0; row < rows; row++) {
    const length = rightPaddedLength(batch.attentionMask, row * width, width);
    lengths.push(length);
    const cached = length === undefined ? undefined : cache.get(rowIds(batch.inputIds, row, width, length) as Int32Array, rowIds(batch.tokenTypeIds, row, width, length));
    if (cached !== undefined) {
      states.set(cached, row * width * hidden);
      continue;
    }
    missing.push(row);
    missingWidth = Math.max(missingWidth, length ?? width);
  }
  return { states, missing, lengths, width: Math.max(missingWidth, 1) };
}

/** The missing rows as a batch of their own, cut to the columns they need (no labels: the lower layers need none). */
export function missingRowsBatch(batch: Batch, plan: FrozenStatesPlan): Batch {
  const width = batch.shape[1];
  const take = (source: Int32Array): Int32Array => {
    const out = new Int32Array(plan.missing.length * plan.width);
    plan.missing.forEach((row, index) => out.set(source.subarray(row * width, row * width + plan.width), index * plan.width));
    return out;
  };
  return {
    inputIds: take(batch.inputIds),
    attentionMask: take(batch.attentionMask),
    tokenTypeIds: batch.tokenTypeIds === undefined ? undefined : take(batch.tokenTypeIds),
    shape: [plan.missing.length, plan.width],
  };
}

/** Copies the computed `[missing, width, H]` states into the plan's batch states and offers each row to the cache. */
export function fillFrozenStates(cache: FrozenLayerCache, batch: Batch, plan: FrozenStatesPlan, computed: Float32Array): Float32Array {
  const width = batch.shape[1];
  const hidden = cache.hiddenSize;
  plan.missing.forEach((row, index) => {
    const length = plan.lengths[row];
    const from = index * plan.width * hidden;
    const count = (length ?? width) * hidden;
    const rowStates = computed.subarray(from, from + count);
    plan.states.set(rowStates, row * width * hidden);
    if (length === undefined) cache.reject();
    else cache.put(rowIds(batch.inputIds, row, width, length) as Int32Array, rowIds(batch.tokenTypeIds, row, width, length), rowStates);
  });
  return plan.states;
}
