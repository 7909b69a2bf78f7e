import { InvalidConfigError, type Batch } from '@adapters/core';

/** The batches of one epoch. Must be deterministic in `(epoch, seed)` for `fit({ resumeFrom })` to be exact. */
export type TrainingBatches = (epoch: number, seed: number) => Iterable<Batch>;

/** A data source that knows its epoch length (in batches), so nothing is iterated just to count. */
export interface TrainingDataSource {
  batches(epoch: number, seed: number): Iterable<Batch>;
  /** Batches per epoch. */
  readonly length?: number;
}

/** What `Trainer` trains on: a function of `(epoch, seed)`, or an object with `batches(epoch, seed)` and `length`. */
export type TrainingData = TrainingBatches | TrainingDataSource;

/** Normalises either form to a source. */
export function toTrainingDataSource(data: TrainingData): TrainingDataSource {
  if (typeof data === 'function') return { batches: data };
  if (typeof data === 'object' && data !== null && typeof data.batches === 'function') return data;
  throw new InvalidConfigError({
    path: 'trainingData',
    expected: 'a function (epoch, seed) => Iterable<Batch>, or an object with batches(epoch, seed) and length',
    received: typeof data,
  });
}

/**
 * Batches per epoch: the source's `length`, or else the count of epoch 0's batches (iterated once, so a
 * lazy source builds each batch one extra time; give `length` to avoid that).
 */
export function countEpochBatches(source: TrainingDataSource, seed: number): number {
  if (source.length !== undefined) {
    if (!(Number.isInteger(source.length) && source.length > 0)) {
      throw new InvalidConfigError({ path: 'trainingData.length', expected: 'a positive integer (batches per epoch)', received: source.length });
    }
    return source.length;
  }
  let count = 0;
  for (const _batch of source.batches(0, seed)) count += 1;
  if (count === 0) throw new InvalidConfigError({ path: 'trainingData', expected: 'at least one batch per epoch', received: 0 });
  return count;
}
