import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import type { SequenceStore } from '../sequences/sequence-store';
import type { Batch, Collator } from './batch';
import { padSequences, type PaddingOptions } from './pad-sequences';

/**
 * HF `DataCollatorWithPadding` for sequence tasks: pads the rows and copies their labels (`[batch]`,
 * Int32Array class ids or Float32Array regression targets) when the store has labels.
 */
export function createPaddingCollator(options: PaddingOptions): Collator {
  return (store: SequenceStore, indices: ArrayLike<number>): Batch => {
    const padded = padSequences(store, indices, options);
    if (store.labels === undefined) return padded;
    const labels = store.labels instanceof Float32Array ? new Float32Array(indices.length) : new Int32Array(indices.length);
    for (let row = 0; row < indices.length; row += 1) labels[row] = store.labels[indices[row] ?? 0] ?? 0;
    return { ...padded, labels };
  };
}

/** The pad token's id, or an error saying the tokenizer has none. */
export function padTokenIdOf(tokenizer: Tokenizer): number {
  const id = tokenizer.tokenToId(tokenizer.specialTokens.pad);
  if (id === undefined) throw new InvalidConfigError({ path: 'tokenizer.specialTokens.pad', expected: 'a token in the vocabulary', received: tokenizer.specialTokens.pad });
  return id;
}
