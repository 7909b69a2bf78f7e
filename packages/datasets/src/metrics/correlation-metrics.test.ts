import { describe, expect, it } from 'vitest';
import { averageRanks, pearsonAndSpearman, pearsonCorrelation, spearmanCorrelation } from './correlation-metrics';

// Expected values: scipy 1.17.1 `pearsonr(x, y)[0]` / `spearmanr(x, y)[0]` / `rankdata(x)` on the same lists.
describe('pearsonCorrelation', () => {
  it('matches scipy pearsonr', () => {
    expect(pearsonCorrelation([0.5, 2.1, 3.3, 1.0, 4.8, 2.2, 3.9], [1.0, 2.0, 3.5, 0.5, 5.0, 2.5, 3.0])).toBeCloseTo(0.9480297638931726, 13);
    expect(pearsonCorrelation([1, 2, 2, 3, 3, 3, 4], [1, 3, 2, 2, 5, 4, 4])).toBeCloseTo(0.7245688373094721, 13);
    expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2])).toBe(-1);
  });

  it('is NaN for a constant input (scipy: NaN with ConstantInputWarning), even when the mean is inexact', () => {
    expect(pearsonCorrelation([2, 2, 2], [1, 2, 3])).toBeNaN();
    expect(pearsonCorrelation(new Array<number>(10).fill(0.1), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeNaN();
  });

  it('needs two values, like scipy', () => {
    expect(() => pearsonCorrelation([1], [1])).toThrow(/at least 2 values/);
  });
});

describe('spearmanCorrelation', () => {
  it('ranks ties by their average rank', () => {
    expect([...averageRanks([1, 2, 2, 3, 3, 3, 4])]).toEqual([1, 2.5, 2.5, 5, 5, 5, 7]);
    expect([...averageRanks([1, 3, 2, 2, 5, 4, 4])]).toEqual([1, 4, 2.5, 2.5, 7, 5.5, 5.5]);
  });

  it('matches scipy spearmanr, with and without ties', () => {
    expect(spearmanCorrelation([0.5, 2.1, 3.3, 1.0, 4.8, 2.2, 3.9], [1.0, 2.0, 3.5, 0.5, 5.0, 2.5, 3.0])).toBeCloseTo(0.9285714285714288, 13);
    expect(spearmanCorrelation([1, 2, 2, 3, 3, 3, 4], [1, 3, 2, 2, 5, 4, 4])).toBeCloseTo(0.7145774380937868, 13);
    expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('is NaN for constant input, as scipy', () => {
    expect(spearmanCorrelation([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});

describe('pearsonAndSpearman', () => {
  it('returns pearson, spearmanr and their mean (the STS-B metric)', () => {
    const result = pearsonAndSpearman([4.8, 3.9, 1.2, 0.4, 2.7, 3.3, 4.1, 0.9], [5.0, 3.8, 1.0, 0.0, 2.6, 3.0, 4.75, 1.5]);
    expect(result.pearson).toBeCloseTo(0.9764585245845857, 13);
    expect(result.spearmanr).toBeCloseTo(0.9761904761904763, 13);
    expect(result.corr).toBeCloseTo(0.9763245003875309, 13);
  });
});
