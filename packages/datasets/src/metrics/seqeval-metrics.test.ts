import { describe, expect, it } from 'vitest';
import { entityScores, getEntities, tokenAccuracy } from './seqeval-metrics';

describe('seqeval (default mode)', () => {
  it('getEntities follows the conlleval chunk rules', () => {
    // seqeval README example.
    expect(getEntities(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual([{ type: 'PER', start: 0, end: 1 }, { type: 'LOC', start: 3, end: 3 }]);
    // IOB1: an I- without B- starts an entity; a type change starts another; B- after I- of the same type splits.
    expect(getEntities(['I-PER', 'I-PER', 'I-LOC', 'O', 'I-ORG', 'B-ORG'])).toEqual([
      { type: 'PER', start: 0, end: 1 },
      { type: 'LOC', start: 2, end: 2 },
      { type: 'ORG', start: 4, end: 4 },
      { type: 'ORG', start: 5, end: 5 },
    ]);
    // Sentences are joined with an O, so an entity never runs across them.
    expect(getEntities([['B-PER', 'I-PER'], ['I-PER']])).toEqual([{ type: 'PER', start: 0, end: 1 }, { type: 'PER', start: 3, end: 3 }]);
    // IOBES.
    expect(getEntities(['S-LOC', 'B-PER', 'E-PER', 'O'])).toEqual([{ type: 'LOC', start: 0, end: 0 }, { type: 'PER', start: 1, end: 2 }]);
  });

  it('scores entities by exact type and span (seqeval README: p 0.5, r 0.5, f1 0.5)', () => {
    const gold = [['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
    const predicted = [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
    const scores = entityScores(gold, predicted);
    expect([scores.precision, scores.recall, scores.f1, scores.support]).toEqual([0.5, 0.5, 0.5, 2]);
    expect(scores.perType).toEqual({ MISC: { precision: 0, recall: 0, f1: 0, support: 1 }, PER: { precision: 1, recall: 1, f1: 1, support: 1 } });
    // seqeval accuracy_score: 8 of 10 tags right.
    expect(tokenAccuracy(gold, predicted)).toBeCloseTo(0.8, 12);
  });

  it('handles IOB1 against IOB2, all-O predictions and a partly found entity', () => {
    // The same entities written in IOB1 and IOB2 score 1.
    expect(entityScores([['B-PER', 'I-PER', 'O', 'B-LOC']], [['I-PER', 'I-PER', 'O', 'I-LOC']]).f1).toBe(1);
    // Majority-tag baseline: no predicted entity → precision, recall and F1 are 0 (zero_division), accuracy is the O share.
    const allO = entityScores([['B-PER', 'O', 'O', 'O']], [['O', 'O', 'O', 'O']]);
    expect([allO.precision, allO.recall, allO.f1]).toEqual([0, 0, 0]);
    expect(tokenAccuracy([['B-PER', 'O', 'O', 'O']], [['O', 'O', 'O', 'O']])).toBe(0.75);
    // 3 gold, 2 predicted, 1 right: p 1/2, r 1/3, f1 2·(1/6)/(5/6) = 0.4.
    const partial = entityScores([['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG']], [['B-PER', 'O', 'O', 'B-LOC', 'O', 'O']]);
    expect(partial.precision).toBe(0.5);
    expect(partial.recall).toBeCloseTo(1 / 3, 12);
    expect(partial.f1).toBeCloseTo(0.4, 12);
    expect(() => entityScores([['O']], [['O', 'O']])).toThrow(/predicted\[0\]/);
  });

  it('an entity split across sub-tokens is scored once, per word', () => {
    // Words: "Huggingface Inc ." → sub-tokens hug ##ging ##face inc . with word-level labels on first pieces only.
    const tokenLabels = [0, -100, -100, 1, 2];
    const tokenPredictions = [0, 2, 2, 1, 2];
    const labelList = ['B-ORG', 'I-ORG', 'O'];
    const words = (values: number[]): string[] => values.filter((_, index) => tokenLabels[index] !== -100).map((id) => labelList[id] ?? 'O');
    expect(words(tokenPredictions)).toEqual(['B-ORG', 'I-ORG', 'O']);
    expect(entityScores([words(tokenLabels)], [words(tokenPredictions)]).f1).toBe(1);
  });
});
