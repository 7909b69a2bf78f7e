import { describe, expect, it } from 'vitest';
import { argmaxRows } from './argmax-rows';

describe('argmaxRows', () => {
  it('picks the largest logit of each row, the first one on a tie', () => {
    expect([...argmaxRows(Float32Array.from([0.1, 2, -1, 5, 5, 0, -3, -2, -1]), 3)]).toEqual([1, 0, 2]);
  });

  it('rejects a row width that does not divide the logits', () => {
    expect(() => argmaxRows([1, 2, 3], 2)).toThrow(/numLabels/);
  });
});
