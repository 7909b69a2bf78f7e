import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { SequenceStore, SequenceStoreBuilder } from './sequence-store';

describe('SequenceStore', () => {
  it('stores ragged rows back to back and hands out views', () => {
    const store = SequenceStore.fromSequences([[101, 7, 102], [101, 102], [101, 5, 6, 7, 102]], {
      tokenTypeIds: [[0, 0, 0], [0, 0], [0, 0, 0, 1, 1]],
      labels: [1, 0, 1],
    });
    expect(store.size).toBe(3);
    expect(store.totalTokens).toBe(10);
    expect([...store.offsets]).toEqual([0, 3, 5, 10]);
    expect([...store.inputIdsAt(2)]).toEqual([101, 5, 6, 7, 102]);
    expect([...(store.tokenTypeIdsAt(2) ?? [])]).toEqual([0, 0, 0, 1, 1]);
    expect([...store.lengths()]).toEqual([3, 2, 5]);
    expect(store.labelAt(1)).toBe(0);
    expect(store.labels).toBeInstanceOf(Int32Array);
    // A view, not a copy.
    expect(store.inputIdsAt(0).buffer).toBe(store.inputIds.buffer);
  });

  it('keeps float labels for regression', () => {
    const store = SequenceStore.fromSequences([[1], [2]], { labels: [3.8, 0.25], labelType: 'float32' });
    expect(store.labels).toBeInstanceOf(Float32Array);
    expect(store.labelAt(0)).toBeCloseTo(3.8, 6);
  });

  it('grows past its initial capacity', () => {
    const builder = new SequenceStoreBuilder({ labelType: 'int32' });
    for (let row = 0; row < 1000; row += 1) builder.append(Array.from({ length: (row % 7) + 1 }, (_, index) => row + index), undefined, row % 3);
    const store = builder.build();
    expect(store.size).toBe(1000);
    expect([...store.inputIdsAt(999)]).toEqual([999, 1000, 1001, 1002, 1003, 1004]);
    expect(store.labelAt(998)).toBe(998 % 3);
    expect(store.inputIds.length).toBe(store.totalTokens);
  });

  it('keeps the first rows with head(count), as select(range(count)) does', () => {
    const store = SequenceStore.fromSequences([[1, 2], [3], [4, 5, 6]], { tokenTypeIds: [[0, 0], [1], [0, 1, 1]], labels: [1, 0, 1] });
    const first = store.head(2);
    expect(first.size).toBe(2);
    expect(Array.from(first.inputIdsAt(1))).toEqual([3]);
    expect(Array.from(first.tokenTypeIdsAt(1) ?? [])).toEqual([1]);
    expect([first.labelAt(0), first.labelAt(1)]).toEqual([1, 0]);
    expect(first.totalTokens).toBe(3);
    expect(store.head(10)).toBe(store);
    expect(() => store.head(-1)).toThrow(/count/);
  });

  it('rejects inconsistent parts and bad rows', () => {
    expect(() => new SequenceStore({ offsets: Int32Array.from([0, 3]), inputIds: new Int32Array(2) })).toThrow(InvalidConfigError);
    expect(() => new SequenceStore({ offsets: Int32Array.from([0, 2, 1, 2]), inputIds: new Int32Array(2) })).toThrow(/ascending/);
    expect(() => new SequenceStore({ offsets: Int32Array.from([0, 2]), inputIds: new Int32Array(2), labels: new Int32Array(2) })).toThrow(/labels.length/);
    const store = SequenceStore.fromSequences([[1]]);
    expect(() => store.inputIdsAt(1)).toThrow(/\[0, 1\)/);
    const labelled = new SequenceStoreBuilder({ labelType: 'int32' });
    expect(() => labelled.append([1])).toThrow(/label/);
    const typed = new SequenceStoreBuilder({ withTokenTypeIds: true });
    expect(() => typed.append([1, 2], [0])).toThrow(/segment ids/);
    expect(() => typed.append([1], [300])).toThrow(/\[0, 255\]/);
  });
});
