import type { Batch, Tokenizer } from '@adapters/core';
import { countBatches, createPaddingCollator, iterateBatches, padTokenIdOf, type Collator, type SequenceStore } from '@adapters/datasets';
import type { TrainingDataSource } from '@adapters/trainer';

/**
 * The trainer's data: a fresh seeded shuffle per epoch, padded to the longest row of each batch, so a
 * resumed run sees exactly the batches an uninterrupted one would.
 */
export function shuffledBatches(
  store: SequenceStore,
  tokenizer: Tokenizer,
  options: { batchSize: number; groupByLength: boolean; collatorFor?: (epoch: number, seed: number) => Collator },
): TrainingDataSource {
  const padding = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer) });
  return {
    length: countBatches(store.size, { batchSize: options.batchSize }),
    batches: function* (epoch, seed) {
      const collate = options.collatorFor?.(epoch, seed) ?? padding;
      const batching = { batchSize: options.batchSize, shuffle: true, seed, groupByLength: options.groupByLength };
      for (const batch of iterateBatches(store, collate, batching, epoch)) yield withLabelShape(batch);
    },
  };
}

/** Token-level labels (language modelling) are `[batch, length]`; the model needs to be told. */
export function withLabelShape(batch: Batch): Batch {
  const [rows, length] = batch.shape;
  if (batch.labels === undefined || batch.labels.length === rows) return batch;
  return { ...batch, labelShape: [rows, length] };
}
