import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { accuracy, accuracyAndF1, f1Score, matthewsCorrelation } from './classification-metrics';

// Worked example, counted by hand: TP = 4 (rows 0, 3, 5, 8), FP = 1 (row 6), FN = 2 (rows 2, 9), TN = 3.
const LABELS = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1];
const PREDICTIONS = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0];

describe('accuracy', () => {
  it('is the share of exact matches, for plain and typed arrays', () => {
    expect(accuracy(PREDICTIONS, LABELS)).toBe(0.7); // 7 of 10
    expect(accuracy(Int32Array.from([2, 1, 0]), Float32Array.from([2, 0, 0]))).toBeCloseTo(2 / 3, 15);
  });

  it('rejects unequal lengths and empty inputs', () => {
    expect(() => accuracy([1, 0], [1])).toThrow(InvalidConfigError);
    expect(() => accuracy([], [])).toThrow(/at least 1 value/);
  });
});

describe('f1Score', () => {
  it('is 2TP / (2TP + FP + FN) of class 1', () => {
    expect(f1Score(PREDICTIONS, LABELS)).toBeCloseTo(8 / 11, 15); // precision 4/5, recall 4/6
  });

  it('is 0 when there is no positive label and no positive prediction (sklearn zero_division default)', () => {
    expect(f1Score([0, 0, 0], [0, 0, 0])).toBe(0);
  });

  it('is 0 when nothing positive is predicted, and 1 when every positive is found without false alarms', () => {
    expect(f1Score([0, 0, 0, 0], [1, 0, 1, 0])).toBe(0);
    expect(f1Score([1, 0, 1, 0], [1, 0, 1, 0])).toBe(1);
    // Constant positive predictions: precision 2/4, recall 1, F1 = 2/3.
    expect(f1Score([1, 1, 1, 1], [1, 0, 1, 0])).toBeCloseTo(2 / 3, 15);
  });

  it('rejects class ids other than 0 and 1, like sklearn binary averaging', () => {
    expect(() => f1Score([0, 2], [0, 1])).toThrow(/predictions\[1\]/);
  });
});

describe('accuracyAndF1', () => {
  it('returns acc, f1 and their mean', () => {
    const result = accuracyAndF1(PREDICTIONS, LABELS);
    expect(result.acc).toBe(0.7);
    expect(result.f1).toBeCloseTo(8 / 11, 15);
    expect(result.acc_and_f1).toBeCloseTo((0.7 + 8 / 11) / 2, 15);
  });
});

describe('matthewsCorrelation', () => {
  it('matches (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) for two classes', () => {
    // (4·3 − 1·2) / sqrt(5·6·4·5) = 10 / sqrt(600) = 0.408248290463863 (numpy re-implementation of sklearn's formula agrees).
    expect(matthewsCorrelation(PREDICTIONS, LABELS)).toBeCloseTo(10 / Math.sqrt(600), 14);
    expect(matthewsCorrelation([1, 0, 1, 0], [1, 0, 1, 0])).toBe(1);
    expect(matthewsCorrelation([0, 1, 0, 1], [1, 0, 1, 0])).toBe(-1);
  });

  it('covers three classes with sklearn multiclass formula', () => {
    // 0.5052911526399114: sklearn's matthews_corrcoef formula (confusion matrix, trace, row/column sums) run in
    // numpy 2.4 on these lists; sklearn itself is not installed here.
    const labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 2, 1, 0];
    const predictions = [0, 2, 2, 0, 1, 1, 1, 1, 2, 0, 1, 0];
    expect(matthewsCorrelation(predictions, labels)).toBeCloseTo(0.5052911526399114, 14);
  });

  it('is 0 when predictions or labels are all one class (sklearn returns 0.0 there, not NaN)', () => {
    expect(matthewsCorrelation([1, 1, 1, 1], [1, 0, 1, 0])).toBe(0);
    expect(matthewsCorrelation([1, 0, 1, 0], [0, 0, 0, 0])).toBe(0);
    expect(matthewsCorrelation([1, 1], [1, 1])).toBe(0);
  });

  it('rejects non-integer class ids', () => {
    expect(() => matthewsCorrelation([0.5], [1])).toThrow(/integer class id/);
  });
});
