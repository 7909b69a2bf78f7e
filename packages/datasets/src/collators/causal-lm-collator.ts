import type { SequenceStore } from '../sequences/sequence-store';
import { IGNORE_INDEX, type Batch, type Collator } from './batch';
import { padSequences, type PaddingOptions } from './pad-sequences';

/**
 * HF `DataCollatorForLanguageModeling(mlm=False)`: pads the rows; labels are the input ids, -100 at padding.
 * The model shifts them by one itself. HF marks every position whose id equals the pad id, which for GPT-2
 * (pad = eos) also hides real end-of-text tokens; here only padding positions (attention mask 0) are hidden.
 */
export function createCausalLMCollator(options: PaddingOptions): Collator {
  return (store: SequenceStore, indices: ArrayLike<number>): Batch => {
    const padded = padSequences(store, indices, options);
    const labels = Int32Array.from(padded.inputIds);
    for (let position = 0; position < labels.length; position += 1) if (padded.attentionMask[position] === 0) labels[position] = IGNORE_INDEX;
    return { ...padded, labels };
  };
}

