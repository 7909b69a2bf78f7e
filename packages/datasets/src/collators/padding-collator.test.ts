import { describe, expect, it } from 'vitest';
import { SequenceStore } from '../sequences/sequence-store';
import { sharedTokenizer } from '../testing/test-support';
import { createPaddingCollator, padTokenIdOf } from './padding-collator';

describe('createPaddingCollator', () => {
  it('adds per-row class ids as Int32Array', () => {
    const store = SequenceStore.fromSequences([[1, 2], [3], [4, 5, 6]], { labels: [1, 0, 2] });
    const batch = createPaddingCollator({ padTokenId: 0 })(store, [2, 0]);
    expect(batch.labels).toBeInstanceOf(Int32Array);
    expect([...(batch.labels ?? [])]).toEqual([2, 1]);
    expect(batch.shape).toEqual([2, 3]);
  });

  it('adds regression targets as Float32Array', () => {
    const store = SequenceStore.fromSequences([[1, 2], [3]], { labels: [3.8, 1.25], labelType: 'float32' });
    const batch = createPaddingCollator({ padTokenId: 0 })(store, [1, 0]);
    expect(batch.labels).toBeInstanceOf(Float32Array);
    expect([...(batch.labels ?? [])]).toEqual([1.25, Math.fround(3.8)]);
  });

  it('leaves labels out for an unlabelled store', () => {
    expect(createPaddingCollator({ padTokenId: 0 })(SequenceStore.fromSequences([[1]]), [0]).labels).toBeUndefined();
  });

  it('finds the pad id of a tokenizer', () => {
    expect(padTokenIdOf(sharedTokenizer('bert-base-uncased'))).toBe(0);
    expect(padTokenIdOf(sharedTokenizer('roberta-base'))).toBe(1);
  });
});
