import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { truncateSequences } from './truncation';

const range = (length: number, from = 0): number[] => Array.from({ length }, (_, index) => from + index);

describe('truncateSequences (HF slow semantics)', () => {
  it('longest_first removes from the longer sequence, from the second on a tie', () => {
    expect(truncateSequences(range(7), range(7, 100), 1, 'longest_first')).toEqual([range(7), range(6, 100)]);
    expect(truncateSequences(range(8), range(5, 100), 4, 'longest_first')).toEqual([range(5), range(4, 100)]);
    expect(truncateSequences(range(2), range(10, 100), 5, 'longest_first')).toEqual([range(2), range(5, 100)]);
  });

  it('longest_first on one sequence cuts its end', () => {
    expect(truncateSequences(range(5), null, 2, 'longest_first')).toEqual([range(3), null]);
  });

  it('only_first and only_second cut one side', () => {
    expect(truncateSequences(range(5), range(5, 100), 2, 'only_first')).toEqual([range(3), range(5, 100)]);
    expect(truncateSequences(range(5), range(5, 100), 2, 'only_second')).toEqual([range(5), range(3, 100)]);
  });

  it('does nothing when nothing must go', () => {
    expect(truncateSequences(range(2), null, 0, 'only_second')).toEqual([range(2), null]);
  });

  it('throws when truncation is impossible', () => {
    expect(() => truncateSequences(range(2), range(9), 2, 'only_first')).toThrow(TokenizerError);
    expect(() => truncateSequences(range(9), range(2), 2, 'only_second')).toThrow(/only_second.*has only 2/);
    expect(() => truncateSequences(range(3), null, 1, 'only_second')).toThrow(/needs a pair/);
    expect(() => truncateSequences(range(3), null, 3, 'longest_first')).toThrow(TokenizerError);
    expect(() => truncateSequences(range(1), range(1), 3, 'longest_first')).toThrow(TokenizerError);
  });
});
