import { describe, expect, it } from 'vitest';
import { tinyTokenizer } from '../testing/test-support';
import { createTokenClassificationCollator } from './token-classification-collator';
import { convertTokenClassificationExamples } from './token-classification-features';

const labelList = ['B-PER', 'I-PER', 'O'];
// TINY_VOCAB: 'unaffable' → un ##aff ##able (15, 16, 17), 'playing' → play ##ing (18, 19).
const sentences = [
  { words: ['unaffable', 'dog', 'ran'], tags: ['B-PER', 'O', 'O'] },
  { words: ['playing', 'cat'], tags: ['B-PER', 'I-PER'] },
];

describe('convertTokenClassificationExamples', () => {
  it('labels the first sub-token of each word and -100 elsewhere ([CLS], [SEP], later pieces)', () => {
    const features = convertTokenClassificationExamples(sentences, tinyTokenizer(), { labelList });
    expect(Array.from(features.store.inputIdsAt(0))).toEqual([2, 15, 16, 17, 11, 12, 3]);
    expect(Array.from(features.tokenLabels.subarray(0, 7))).toEqual([-100, 0, -100, -100, 2, 2, -100]);
    expect(Array.from(features.tokenLabels.subarray(7))).toEqual([-100, 0, -100, 1, -100]);
    expect(Array.from(features.wordCounts)).toEqual([3, 2]);
  });

  it('with labelAllTokens gives later pieces the I- form of the word tag', () => {
    const features = convertTokenClassificationExamples(sentences, tinyTokenizer(), { labelList, labelAllTokens: true });
    expect(Array.from(features.tokenLabels.subarray(0, 7))).toEqual([-100, 0, 1, 1, 2, 2, -100]);
  });

  it('cuts long sentences at a word boundary, and the collator pads labels with -100', () => {
    const features = convertTokenClassificationExamples(sentences, tinyTokenizer(), { labelList, maxSeqLength: 5 });
    // [CLS] un ##aff ##able [SEP]: 'dog' no longer fits.
    expect(features.store.lengthOf(0)).toBe(5);
    expect(features.wordCounts[0]).toBe(1);
    const batch = createTokenClassificationCollator(features.tokenLabels, { padTokenId: 0 })(features.store, [1, 0]);
    expect(batch.shape).toEqual([2, 5]);
    expect(batch.labelShape).toEqual([2, 5]);
    expect(Array.from(batch.labels ?? [])).toEqual([-100, 0, -100, 1, -100, -100, 0, -100, -100, -100]);
    expect(() => convertTokenClassificationExamples([{ words: ['dog'], tags: ['B-LOC'] }], tinyTokenizer(), { labelList })).toThrow(/B-LOC/);
  });
});
