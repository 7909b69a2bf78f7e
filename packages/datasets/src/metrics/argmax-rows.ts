import { InvalidConfigError } from '@adapters/core';

/** Class ids from row-major logits `[rows, numLabels]`: the index of each row's largest value (the first one on a tie). */
export function argmaxRows(logits: ArrayLike<number>, numLabels: number): Int32Array {
  if (!(Number.isInteger(numLabels) && numLabels > 0) || logits.length % numLabels !== 0) {
    throw new InvalidConfigError({ path: 'numLabels', expected: `a positive integer dividing logits.length (${logits.length})`, received: numLabels });
  }
  const rows = logits.length / numLabels;
  const classIds = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let best = 0;
    let bestValue = logits[row * numLabels] ?? Number.NEGATIVE_INFINITY;
    for (let column = 1; column < numLabels; column += 1) {
      const value = logits[row * numLabels + column] ?? Number.NEGATIVE_INFINITY;
      if (value > bestValue) {
        best = column;
        bestValue = value;
      }
    }
    classIds[row] = best;
  }
  return classIds;
}
