import type { Collator } from '../collators/batch';
import { padSequences, type PaddingOptions } from '../collators/pad-sequences';
import type { QuestionAnsweringFeatures } from './question-answering-features';

/** Pads windows of `features.store` and adds their start/end positions (the QA head's labels). */
export function createQuestionAnsweringCollator(features: QuestionAnsweringFeatures, options: PaddingOptions): Collator {
  return (store, indices) => {
    const padded = padSequences(store, indices, options);
    const startPositions = new Int32Array(indices.length);
    const endPositions = new Int32Array(indices.length);
    for (let row = 0; row < indices.length; row += 1) {
      startPositions[row] = features.startPositions[indices[row] ?? 0] ?? 0;
      endPositions[row] = features.endPositions[indices[row] ?? 0] ?? 0;
    }
    return { ...padded, startPositions, endPositions };
  };
}
