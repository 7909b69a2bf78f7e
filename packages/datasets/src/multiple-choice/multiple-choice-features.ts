import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import type { Batch } from '../collators/batch';
import { padSequences, type PaddingOptions } from '../collators/pad-sequences';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import type { MultipleChoiceExample } from './multiple-choice-example';

/** Tokenized choices: rows `[i * numChoices, (i + 1) * numChoices)` of `store` are example `i`'s choices. */
export interface MultipleChoiceFeatures {
  readonly store: SequenceStore;
  readonly numChoices: number;
  /** The right choice per example (-100 when unlabelled). */
  readonly labels: Int32Array;
  /** Examples (not rows). */
  readonly size: number;
}

/**
 * HF run_swag's `preprocess_function`: each choice is the pair `(context, ending)`, i.e.
 * `[CLS] context [SEP] ending [SEP]`, truncated (longest first) to `maxSeqLength`.
 */
export function convertMultipleChoiceExamples(examples: readonly MultipleChoiceExample[], tokenizer: Tokenizer, options: { maxSeqLength?: number } = {}): MultipleChoiceFeatures {
  const maxSeqLength = options.maxSeqLength ?? 128;
  if (!(Number.isInteger(maxSeqLength) && maxSeqLength > 3)) throw new InvalidConfigError({ path: 'maxSeqLength', expected: 'an integer > 3', received: maxSeqLength });
  const numChoices = examples[0]?.endings.length ?? 0;
  const builder = new SequenceStoreBuilder({ withTokenTypeIds: true });
  const labels = new Int32Array(examples.length);
  examples.forEach((example, index) => {
    if (example.endings.length !== numChoices) throw new InvalidConfigError({ path: `examples[${index}].endings`, expected: `${numChoices} choices, as the first example`, received: example.endings.length });
    for (const ending of example.endings) {
      const encoding = tokenizer.encode(example.context, ending, { addSpecialTokens: true, maxLength: maxSeqLength, truncation: 'longest_first', padding: 'do_not_pad' });
      builder.append(encoding.inputIds, encoding.tokenTypeIds);
    }
    labels[index] = example.label ?? -100;
  });
  return { store: builder.build(), numChoices, labels, size: examples.length };
}

/** The longest choice of each example (what length bucketing sorts examples by). */
export function multipleChoiceLengths(features: MultipleChoiceFeatures): Int32Array {
  const lengths = new Int32Array(features.size);
  for (let example = 0; example < features.size; example += 1) {
    for (let choice = 0; choice < features.numChoices; choice += 1) lengths[example] = Math.max(lengths[example] ?? 0, features.store.lengthOf(example * features.numChoices + choice));
  }
  return lengths;
}

/**
 * HF `DataCollatorForMultipleChoice`: the choices of examples `indices` as one padded `[examples × choices,
 * length]` batch, with the right choice per example as labels (`labelShape` `[examples]`).
 */
export function collateMultipleChoice(features: MultipleChoiceFeatures, indices: ArrayLike<number>, options: PaddingOptions): Batch {
  const rows: number[] = [];
  const labels = new Int32Array(indices.length);
  for (let position = 0; position < indices.length; position += 1) {
    const example = indices[position] ?? 0;
    if (!(Number.isInteger(example) && example >= 0 && example < features.size)) {
      throw new InvalidConfigError({ path: `indices[${position}]`, expected: `an example index in [0, ${features.size})`, received: example });
    }
    for (let choice = 0; choice < features.numChoices; choice += 1) rows.push(example * features.numChoices + choice);
    labels[position] = features.labels[example] ?? -100;
  }
  return { ...padSequences(features.store, rows, options), labels, labelShape: [indices.length] };
}
