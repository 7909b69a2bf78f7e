import { describe, expect, it } from 'vitest';
import { createPaddingCollator } from '../collators/padding-collator';
import { SequenceStore } from '../sequences/sequence-store';
import { countBatches, iterateBatches } from './iterate-batches';

describe('iterateBatches', () => {
  const store = SequenceStore.fromSequences(
    Array.from({ length: 10 }, (_, row) => Array.from({ length: row + 1 }, (_, index) => 100 + index)),
    { labels: Array.from({ length: 10 }, (_, row) => row % 2) },
  );
  const collate = createPaddingCollator({ padTokenId: 0 });

  it('yields padded batches of the epoch, labels included', () => {
    const batches = [...iterateBatches(store, collate, { batchSize: 4 })];
    expect(batches.map((batch) => batch.shape)).toEqual([[4, 4], [4, 8], [2, 10]]);
    expect([...(batches[2]?.labels ?? [])]).toEqual([0, 1]);
    expect(batches).toHaveLength(countBatches(store.size, { batchSize: 4 }));
    expect(countBatches(store.size, { batchSize: 4, dropLast: true })).toBe(2);
  });

  it('passes shuffling, grouping and dropLast through', () => {
    const options = { batchSize: 3, shuffle: true, seed: 7, groupByLength: true, dropLast: true };
    const batches = [...iterateBatches(store, collate, options, 2)];
    expect(batches).toHaveLength(3);
    const again = [...iterateBatches(store, collate, options, 2)];
    expect(again.map((batch) => [...batch.inputIds])).toEqual(batches.map((batch) => [...batch.inputIds]));
    // Grouped by length without a megabatch boundary in 10 rows: each batch holds 3 consecutive lengths.
    for (const batch of batches) {
      const lengths = Array.from({ length: 3 }, (_, row) => [...batch.attentionMask.subarray(row * batch.shape[1], (row + 1) * batch.shape[1])].reduce((sum, value) => sum + value, 0));
      expect(Math.max(...lengths) - Math.min(...lengths)).toBe(2);
    }
  });
});
