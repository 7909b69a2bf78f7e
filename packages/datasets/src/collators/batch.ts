import type { SequenceStore } from '../sequences/sequence-store';

/**
 * One padded batch as row-major typed arrays `[batch, length]` (core's idea of a `Batch`; no tensors cross
 * the datasets boundary). `labels` is per row (`[batch]`, class ids or regression targets) for sequence
 * tasks, and per token (`[batch, length]`, -100 where nothing is predicted) for language modelling.
 */
export interface Batch {
  readonly inputIds: Int32Array;
  readonly attentionMask: Int32Array;
  readonly tokenTypeIds: Int32Array;
  readonly labels?: Int32Array | Float32Array;
  readonly shape: readonly [batch: number, length: number];
}

/** Turns rows `indices` of a store into a batch. */
export type Collator = (store: SequenceStore, indices: ArrayLike<number>) => Batch;

/** The label value of positions that are not predicted (PyTorch's cross-entropy `ignore_index`). */
export const IGNORE_INDEX = -100;
