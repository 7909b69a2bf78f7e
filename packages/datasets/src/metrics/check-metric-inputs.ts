import { InvalidConfigError } from '@adapters/core';

/** Shared input check of the metrics: two non-empty arrays of the same length. */
export function checkMetricInputs(predictions: ArrayLike<number>, labels: ArrayLike<number>, minimumLength = 1): void {
  if (predictions.length !== labels.length) {
    throw new InvalidConfigError({ path: 'predictions.length', expected: `labels.length (${labels.length})`, received: predictions.length });
  }
  if (predictions.length < minimumLength) {
    throw new InvalidConfigError({ path: 'predictions.length', expected: `at least ${minimumLength} value${minimumLength === 1 ? '' : 's'}`, received: predictions.length });
  }
}
