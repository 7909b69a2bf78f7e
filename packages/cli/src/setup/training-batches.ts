import type { Batch, Tokenizer } from '@adapters/core';
import { batchIndices, countBatches, createPaddingCollator, padTokenIdOf, type Collator, type SequenceStore } from '@adapters/datasets';
import type { TrainingDataSource } from '@adapters/trainer';

/**
 * Rows to batch: how many, their lengths (for `--group_by_length`), and how a list of row indices becomes a
 * batch. `collatorFor` is called once at the start of each epoch (a seeded masking collator keeps its random
 * stream across the epoch's batches, and restarts with it when a resumed run replays the epoch).
 */
export interface BatchableRows {
  readonly size: number;
  lengths(): ArrayLike<number>;
  collatorFor(epoch: number, seed: number): (indices: Int32Array) => Batch;
}

/**
 * The trainer's data: a fresh seeded shuffle per epoch (length-bucketed with `groupByLength`), so a resumed
 * run sees exactly the batches an uninterrupted one would.
 */
export function seededBatches(rows: BatchableRows, options: { batchSize: number; groupByLength: boolean }): TrainingDataSource {
  return {
    length: countBatches(rows.size, { batchSize: options.batchSize }),
    batches: function* (epoch, seed) {
      const batching = { batchSize: options.batchSize, shuffle: true, seed, groupByLength: options.groupByLength };
      const collate = rows.collatorFor(epoch, seed);
      for (const indices of batchIndices(options.groupByLength ? rows.lengths() : rows.size, batching, epoch)) yield withLabelShape(collate(indices));
    },
  };
}

/** `seededBatches` over the rows of a store, padded to the longest row of each batch or to `padTo` (or by `collatorFor`). */
export function shuffledBatches(
  store: SequenceStore,
  tokenizer: Tokenizer,
  options: { batchSize: number; groupByLength: boolean; collatorFor?: (epoch: number, seed: number) => Collator; padTo?: number | undefined },
): TrainingDataSource {
  const padding = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer), padTo: options.padTo });
  return seededBatches(
    {
      size: store.size,
      lengths: () => store.lengths(),
      collatorFor: (epoch, seed) => {
        const collate = options.collatorFor?.(epoch, seed) ?? padding;
        return (indices) => collate(store, indices);
      },
    },
    options,
  );
}

/** Token-level labels (language modelling, tagging) are `[batch, length]`; the model needs to be told. */
export function withLabelShape(batch: Batch): Batch {
  const [rows, length] = batch.shape;
  if (batch.labels === undefined || batch.labels.length === rows || batch.labelShape !== undefined) return batch;
  return { ...batch, labelShape: [rows, length] };
}
