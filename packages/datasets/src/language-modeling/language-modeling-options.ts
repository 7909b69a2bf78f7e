import { InvalidConfigError } from '@adapters/core';
import type { ReadTextOptions } from '../io/read-text-chunks';

/** Options of the language-modelling corpora: the block size, and how the file is read. */
export interface LanguageModelingOptions extends ReadTextOptions {
  /** Longest example in tokens, special tokens included (HF `block_size`). */
  readonly blockSize: number;
}

/** `blockSize`, or an `InvalidConfigError` when it is not a positive integer. */
export function checkBlockSize(blockSize: unknown): number {
  if (typeof blockSize !== 'number' || !Number.isInteger(blockSize) || blockSize <= 0) {
    throw new InvalidConfigError({ path: 'blockSize', expected: 'a positive integer (tokens per example, special tokens included)', received: blockSize });
  }
  return blockSize;
}
