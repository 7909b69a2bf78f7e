import { TokenizerError } from '@adapters/core';
import type { TruncationStrategy } from '@adapters/core';

/**
 * Removes `tokensToRemove` tokens from the end of the sequences, as HF's slow `truncate_sequences` does:
 * `longest_first` drops one token at a time from the longer sequence (from the second one on a tie).
 * Throws where HF would only log an error and return sequences that are still too long.
 */
export function truncateSequences<T>(
  first: readonly T[],
  second: readonly T[] | null,
  tokensToRemove: number,
  strategy: Exclude<TruncationStrategy, 'do_not_truncate'>,
): [T[], T[] | null] {
  if (tokensToRemove <= 0) return [[...first], second === null ? null : [...second]];
  if (strategy === 'only_first' || (strategy === 'longest_first' && second === null)) {
    if (first.length <= tokensToRemove) {
      throw new TokenizerError({
        message:
          `cannot truncate with '${strategy}': ${tokensToRemove} token(s) must go but the first sequence has only ` +
          `${first.length}; expected a larger maxLength` + (second === null ? '' : " or another strategy ('longest_first')"),
      });
    }
    return [first.slice(0, first.length - tokensToRemove), second === null ? null : [...second]];
  }
  if (second === null) {
    throw new TokenizerError({ message: `truncation '${strategy}' needs a pair of sequences, but no second text was given` });
  }
  if (strategy === 'only_second') {
    if (second.length <= tokensToRemove) {
      throw new TokenizerError({
        message:
          `cannot truncate with 'only_second': ${tokensToRemove} token(s) must go but the second sequence has only ` +
          `${second.length}; expected a larger maxLength or another strategy ('longest_first')`,
      });
    }
    return [[...first], second.slice(0, second.length - tokensToRemove)];
  }
  if (first.length + second.length < tokensToRemove) {
    throw new TokenizerError({
      message: `cannot truncate: ${tokensToRemove} token(s) must go but the pair has only ${first.length + second.length}; expected a larger maxLength`,
    });
  }
  let firstLength = first.length;
  let secondLength = second.length;
  for (let removed = 0; removed < tokensToRemove; removed += 1) {
    if (firstLength > secondLength) firstLength -= 1;
    else secondLength -= 1;
  }
  return [first.slice(0, firstLength), second.slice(0, secondLength)];
}
