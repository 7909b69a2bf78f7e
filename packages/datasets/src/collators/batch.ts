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
  /** Shape of `labels` when it is neither `[batch]` nor `[batch, length]` (multiple choice: `[examples]`). */
  readonly labelShape?: readonly number[];
  /** Extractive QA: the answer's first and last token per row (`[batch]`; 0, the CLS token, means no answer here). */
  readonly startPositions?: Int32Array;
  readonly endPositions?: Int32Array;
}

/** Turns rows `indices` of a store into a batch. */
export type Collator = (store: SequenceStore, indices: ArrayLike<number>) => Batch;

/** The label value of positions that are not predicted (PyTorch's cross-entropy `ignore_index`). */
export const IGNORE_INDEX = -100;
