import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { SequenceStore } from '../sequences/sequence-store';
import { padSequences } from './pad-sequences';

const store = SequenceStore.fromSequences([[101, 7, 8, 102], [101, 9, 102], [101, 5, 6, 7, 8, 102]], {
  tokenTypeIds: [[0, 0, 0, 0], [0, 0, 0], [0, 0, 0, 1, 1, 1]],
});

describe('padSequences', () => {
  it('pads to the longest row of the batch, on the right, row-major', () => {
    const batch = padSequences(store, [1, 0], { padTokenId: 0 });
    expect(batch.shape).toEqual([2, 4]);
    expect([...batch.inputIds]).toEqual([101, 9, 102, 0, 101, 7, 8, 102]);
    expect([...batch.attentionMask]).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
    expect([...batch.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(batch.labels).toBeUndefined();
  });

  it('pads to a fixed length or a multiple, keeping token types', () => {
    const fixed = padSequences(store, [2], { padTokenId: 0, padTo: 8 });
    expect(fixed.shape).toEqual([1, 8]);
    expect([...fixed.tokenTypeIds]).toEqual([0, 0, 0, 1, 1, 1, 0, 0]);
    expect(padSequences(store, [0, 2], { padTokenId: 0, padToMultipleOf: 8 }).shape).toEqual([2, 8]);
    expect(padSequences(store, [0], { padTokenId: 0, padToMultipleOf: 4 }).shape).toEqual([1, 4]);
  });

  it('uses the pad id given and gives zeros for a store without token types', () => {
    const plain = SequenceStore.fromSequences([[5], [6, 7, 8]]);
    const batch = padSequences(plain, [0, 1], { padTokenId: 1 });
    expect([...batch.inputIds]).toEqual([5, 1, 1, 6, 7, 8]);
    expect([...batch.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects a fixed length shorter than a row, bad indices and bad options', () => {
    expect(() => padSequences(store, [2], { padTokenId: 0, padTo: 4 })).toThrow(/longest row of the batch \(6 tokens\)/);
    expect(() => padSequences(store, [3], { padTokenId: 0 })).toThrow(/indices\[0\]/);
    expect(() => padSequences(store, [0], { padTokenId: -1 })).toThrow(InvalidConfigError);
    expect(() => padSequences(store, [0], { padTokenId: 0, padToMultipleOf: 0 })).toThrow(/padToMultipleOf/);
  });
});
