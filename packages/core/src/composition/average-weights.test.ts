import { describe, expect, it } from 'vitest';
import { averageWeights, normalizeAverageWeights } from './average-weights';
import { Average } from './block-constructors';

describe('Average weights', () => {
  it('are the normalised weights the library stores (the executor applies the extra 1/N mean)', () => {
    expect(averageWeights(Average({ weights: [2, 1] }, 'a', 'b'))).toEqual([0.6666666666666666, 0.3333333333333333]);
    expect(averageWeights(Average('a', 'b', 'c', 'd'))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(averageWeights(Average({ weights: [2, 1], normalizeWeights: false }, 'a', 'b'))).toEqual([2, 1]);
  });

  it('normalise to sum 1, and re-normalising saved weights is stable', () => {
    const once = normalizeAverageWeights([2, 1], 2, true);
    expect(once.reduce((total, weight) => total + weight, 0)).toBe(1);
    expect(normalizeAverageWeights(once, 2, true)).toEqual(once);
    expect(normalizeAverageWeights(undefined, 3, false)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});
