import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random';
import { roundHalfToEven, wholeWordMaskPositions } from './whole-word-mask';

// Ids: 2 = [CLS], 3 = [SEP]; 20-29 start words, 90-99 are '##' continuation pieces.
const isSpecial = (id: number): boolean => id === 2 || id === 3;
const isContinuation = (id: number): boolean => id >= 90;

describe('wholeWordMaskPositions', () => {
  it('takes words whole and exactly round(probability × length) positions when words fit', () => {
    const ids = [2, 20, 90, 91, 21, 22, 92, 23, 24, 25, 93, 26, 27, 28, 29, 94, 3, 20, 21, 3];
    const words = [[1, 2, 3], [4], [5, 6], [7], [8], [9, 10], [11], [12], [13], [14, 15], [17], [18]];
    for (let seed = 0; seed < 50; seed += 1) {
      const positions = wholeWordMaskPositions(ids, { isSpecial, isContinuation, probability: 0.15, random: new SeededRandom(seed) });
      expect(positions).toHaveLength(3); // round(20 × 0.15) = 3
      for (const word of words) {
        const taken = word.filter((position) => positions.includes(position)).length;
        expect(taken === 0 || taken === word.length).toBe(true);
      }
      expect(positions.some((position) => isSpecial(ids[position] ?? 0))).toBe(false);
    }
  });

  it('masks at least one position, skips words that overflow the budget and is seeded', () => {
    const ids = [2, 20, 90, 91, 92, 21, 3];
    const positions = wholeWordMaskPositions(ids, { isSpecial, isContinuation, probability: 0.15, random: new SeededRandom(1) });
    // round(7 × 0.15) = 1: the 4-piece word never fits, so the budget goes to the single-piece word.
    expect(positions).toEqual([5]);
    const draw = (seed: number): number[] => wholeWordMaskPositions(Array.from({ length: 60 }, (_, index) => 20 + (index % 10)), { isSpecial, isContinuation, probability: 0.15, random: new SeededRandom(seed) });
    expect(draw(4)).toEqual(draw(4));
    expect(draw(4)).not.toEqual(draw(5));
  });

  it('caps the budget at maxPredictions', () => {
    const ids = Array.from({ length: 100 }, () => 20);
    expect(wholeWordMaskPositions(ids, { isSpecial, isContinuation, probability: 0.5, random: new SeededRandom(0), maxPredictions: 7 })).toHaveLength(7);
  });
});

describe('roundHalfToEven', () => {
  it('rounds like Python 3', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3, 18.75].map(roundHalfToEven)).toEqual([0, 2, 2, 2, 3, 3, 19]);
  });
});
