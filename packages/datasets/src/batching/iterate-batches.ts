import type { Batch, Collator } from '../collators/batch';
import type { SequenceStore } from '../sequences/sequence-store';
import { batchIndices, type BatchingOptions } from './batch-indices';

/**
 * The batches of one epoch of a store: `batchIndices` (shuffle, length bucketing, `dropLast`) then the
 * collator. Lazy: each batch is built when asked for, so an epoch never holds more than one.
 */
export function* iterateBatches(store: SequenceStore, collate: Collator, options: BatchingOptions, epoch = 0): Generator<Batch> {
  const rows = options.groupByLength === true ? store.lengths() : store.size;
  for (const indices of batchIndices(rows, options, epoch)) yield collate(store, indices);
}

/** How many batches `iterateBatches` yields for a store of `rows` rows. */
export function countBatches(rows: number, options: Pick<BatchingOptions, 'batchSize' | 'dropLast'>): number {
  return options.dropLast === true ? Math.floor(rows / options.batchSize) : Math.ceil(rows / options.batchSize);
}
