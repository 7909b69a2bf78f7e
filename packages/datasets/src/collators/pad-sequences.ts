import { InvalidConfigError } from '@adapters/core';
import type { SequenceStore } from '../sequences/sequence-store';
import type { Batch } from './batch';

/** How rows are padded into a batch. */
export interface PaddingOptions {
  /** The id written into padding positions (`tokenizer.tokenToId(tokenizer.specialTokens.pad)`). */
  readonly padTokenId: number;
  /**
   * `longest` (default): pad to the longest row of the batch (dynamic padding). A number: pad every row to
   * that length (HF `padding='max_length'`); a longer row throws.
   */
  readonly padTo?: 'longest' | number;
  /** Round the padded length up to a multiple of this (e.g. 8 for tensor cores). */
  readonly padToMultipleOf?: number;
}

/**
 * Rows `indices` of a store, padded on the right: pads get `padTokenId`, attention mask 0 and token type 0.
 * The result has no labels; the collators add them.
 */
export function padSequences(store: SequenceStore, indices: ArrayLike<number>, options: PaddingOptions): Batch {
  checkPaddingOptions(options);
  const rows = indices.length;
  let longest = 0;
  for (let row = 0; row < rows; row += 1) longest = Math.max(longest, store.lengthOf(rowIndex(store, indices, row)));
  let length = options.padTo === undefined || options.padTo === 'longest' ? longest : options.padTo;
  if (length < longest) {
    throw new InvalidConfigError({ path: 'padTo', expected: `at least the longest row of the batch (${longest} tokens); tokenize with a smaller maxSeqLength`, received: length });
  }
  const multiple = options.padToMultipleOf ?? 1;
  length = Math.ceil(length / multiple) * multiple;

  const inputIds = new Int32Array(rows * length).fill(options.padTokenId);
  const attentionMask = new Int32Array(rows * length);
  const tokenTypeIds = new Int32Array(rows * length);
  for (let row = 0; row < rows; row += 1) {
    const index = rowIndex(store, indices, row);
    const start = store.offsets[index] ?? 0;
    const end = store.offsets[index + 1] ?? 0;
    const base = row * length;
    inputIds.set(store.inputIds.subarray(start, end), base);
    attentionMask.fill(1, base, base + end - start);
    if (store.tokenTypeIds !== undefined) tokenTypeIds.set(store.tokenTypeIds.subarray(start, end), base);
  }
  return { inputIds, attentionMask, tokenTypeIds, shape: [rows, length] };
}

function rowIndex(store: SequenceStore, indices: ArrayLike<number>, row: number): number {
  const index = indices[row];
  if (index === undefined || !Number.isInteger(index) || index < 0 || index >= store.size) {
    throw new InvalidConfigError({ path: `indices[${row}]`, expected: `a row of the store, an integer in [0, ${store.size})`, received: index });
  }
  return index;
}

function checkPaddingOptions(options: PaddingOptions): void {
  if (!Number.isInteger(options.padTokenId) || options.padTokenId < 0) {
    throw new InvalidConfigError({ path: 'padTokenId', expected: 'a non-negative integer token id', received: options.padTokenId });
  }
  const padTo = options.padTo;
  if (padTo !== undefined && padTo !== 'longest' && !(Number.isInteger(padTo) && padTo > 0)) {
    throw new InvalidConfigError({ path: 'padTo', expected: "'longest' or a positive integer", received: padTo });
  }
  const multiple = options.padToMultipleOf;
  if (multiple !== undefined && !(Number.isInteger(multiple) && multiple > 0)) {
    throw new InvalidConfigError({ path: 'padToMultipleOf', expected: 'a positive integer', received: multiple });
  }
}
