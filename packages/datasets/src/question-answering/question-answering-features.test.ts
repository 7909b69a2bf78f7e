import { describe, expect, it } from 'vitest';
import { tinyTokenizer } from '../testing/test-support';
import { createQuestionAnsweringCollator } from './question-answering-collator';
import { convertQuestionAnsweringExamples } from './question-answering-features';
import { postprocessQuestionAnsweringPredictions } from './postprocess-predictions';
import type { SquadExample } from './read-squad-file';

// TINY_VOCAB ids: the 5 cat 6 sat 7 on 8 mat 9 a 10 dog 11 ran 12 . 13 one 25 ... ten 34.
const context = 'one two three four five six seven eight nine ten';
const example = (id: string, text: string | undefined): SquadExample => ({
  id,
  title: 't',
  articleIndex: 0,
  context,
  question: 'the cat',
  answers: text === undefined ? [] : [{ text, answerStart: context.indexOf(text) }],
  isImpossible: text === undefined,
});

describe('convertQuestionAnsweringExamples', () => {
  it('cuts the context into overlapping windows and puts the answer where a window holds all of it, else on [CLS]', () => {
    // maxSeqLength 9: [CLS] the cat [SEP] + 4 context tokens + [SEP]; stride 2 → windows start at 0, 2, 4, 6.
    const features = convertQuestionAnsweringExamples([example('a', 'four five')], tinyTokenizer(), { maxSeqLength: 9, docStride: 2 });
    expect(features.store.size).toBe(4);
    expect(Array.from(features.store.inputIdsAt(0))).toEqual([2, 5, 6, 3, 25, 26, 27, 28, 3]);
    expect(Array.from(features.store.tokenTypeIdsAt(0) ?? [])).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(features.store.inputIdsAt(3))).toEqual([2, 5, 6, 3, 31, 32, 33, 34, 3]);
    // 'four five' = context tokens 3 and 4: only window 1 (tokens 2-5) holds both, at 4 + (3 - 2) and 4 + (4 - 2).
    expect(Array.from(features.startPositions)).toEqual([0, 5, 0, 0]);
    expect(Array.from(features.endPositions)).toEqual([0, 6, 0, 0]);
    expect(Array.from(features.exampleIndex)).toEqual([0, 0, 0, 0]);
    // Offsets: -1 for question and special tokens, character spans for context tokens.
    expect(Array.from(features.offsets.subarray(0, 2 * 9))).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 4, 7, 8, 13, 14, 18, -1, -1]);
    const batch = createQuestionAnsweringCollator(features, { padTokenId: 0 })(features.store, [1, 3]);
    expect(Array.from(batch.startPositions ?? [])).toEqual([5, 0]);
    expect(() => convertQuestionAnsweringExamples([example('a', 'one')], tinyTokenizer(), { maxSeqLength: 9, docStride: 4 })).toThrow(/docStride/);
  });

  it('impossible questions point at [CLS] in every window', () => {
    const features = convertQuestionAnsweringExamples([example('b', undefined)], tinyTokenizer(), { maxSeqLength: 16, docStride: 4 });
    expect(features.store.size).toBe(1);
    expect([features.startPositions[0], features.endPositions[0]]).toEqual([0, 0]);
  });
});

describe('postprocessQuestionAnsweringPredictions', () => {
  const features = convertQuestionAnsweringExamples([example('a', 'four five')], tinyTokenizer(), { maxSeqLength: 9, docStride: 2 });
  const logits = (peaks: Record<number, Record<number, number>>): Float32Array => {
    const values = new Float32Array(features.store.totalTokens);
    for (const [window, positions] of Object.entries(peaks)) for (const [position, value] of Object.entries(positions)) values[Number(window) * 9 + Number(position)] = value;
    return values;
  };

  it('picks the best start + end over all windows and maps it back to the context text', () => {
    const start = logits({ 0: { 0: 1 }, 1: { 5: 4 }, 2: { 5: 3 } });
    const end = logits({ 0: { 0: 1 }, 1: { 6: 4 }, 2: { 7: 2 } });
    const [prediction] = postprocessQuestionAnsweringPredictions(features, start, end, 9);
    expect(prediction).toMatchObject({ id: 'a', text: 'four five', score: 8 });
    // The null score is the smallest [CLS] start + end over the windows (0 in windows 1-3): diff 0 - 8.
    expect(prediction?.nullScoreDiff).toBe(-8);
  });

  it('skips spans outside the context, reversed or longer than maxAnswerLength; v2 predicts no answer past the threshold', () => {
    // Top-2 starts 1 (a question token: skipped) and 6; top-2 ends 5 (before 6: skipped) and 7 → 'five six'.
    const start = logits({ 1: { 1: 9, 6: 3 } });
    const end = logits({ 1: { 5: 9, 7: 2 } });
    expect(postprocessQuestionAnsweringPredictions(features, start, end, 9, { nBestSize: 2 })[0]?.text).toBe('five six');
    // No span of at most one token among those pairs: no answer, and no null score difference.
    expect(postprocessQuestionAnsweringPredictions(features, start, end, 9, { nBestSize: 2, maxAnswerLength: 1 })[0]).toMatchObject({ text: '', nullScoreDiff: undefined });
    const strongNull = logits({ 0: { 0: 20 }, 1: { 0: 20 }, 2: { 0: 20 }, 3: { 0: 20 } });
    expect(postprocessQuestionAnsweringPredictions(features, strongNull, strongNull, 9, { versionTwoWithNegative: true })[0]?.text).toBe('');
    expect(postprocessQuestionAnsweringPredictions(features, strongNull, strongNull, 9, { versionTwoWithNegative: true, nullScoreDiffThreshold: 100 })[0]?.text).not.toBe('');
  });
});
