import { IGNORE_INDEX, type Collator } from '../collators/batch';
import { padSequences, type PaddingOptions } from '../collators/pad-sequences';

/**
 * HF `DataCollatorForTokenClassification`: pads the rows and their per-token labels (with -100), giving
 * labels `[batch, length]`. `tokenLabels` is aligned with the store's `inputIds`.
 */
export function createTokenClassificationCollator(tokenLabels: Int32Array, options: PaddingOptions): Collator {
  return (store, indices) => {
    const padded = padSequences(store, indices, options);
    const [rows, length] = padded.shape;
    const labels = new Int32Array(rows * length).fill(IGNORE_INDEX);
    for (let row = 0; row < rows; row += 1) {
      const index = indices[row] ?? 0;
      labels.set(tokenLabels.subarray(store.offsets[index], store.offsets[index + 1]), row * length);
    }
    return { ...padded, labels, labelShape: [rows, length] };
  };
}
