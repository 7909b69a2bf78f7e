import { InvalidConfigError, type Tokenizer, type TruncationStrategy } from '@adapters/core';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import type { GlueTask } from './glue-task';
import type { GlueExample } from './read-glue-examples';
import { getGlueTask } from './resolve-glue-task';

/** How GLUE examples become features. */
export interface GlueFeatureOptions {
  /** Longest sequence, special tokens included (HF `max_seq_length`). Default 128. */
  readonly maxSeqLength?: number;
  /** How a pair that is too long is cut. Default `longest_first` (HF `truncation=True`). */
  readonly truncation?: TruncationStrategy;
}

/**
 * Tokenizes GLUE examples as HF's `glue_convert_examples_to_features`: `tokenizer(textA, textB,
 * max_length, truncation=True)`, special tokens added, labels mapped through the task's label list (class
 * ids, Int32Array) or parsed as floats for regression (Float32Array); test examples carry no labels.
 * HF also pads every row to `maxSeqLength`; here the rows are stored unpadded and a collator pads each batch
 * (to the longest row, or to `maxSeqLength` with `padTo`, which gives HF's exact arrays).
 */
export function convertGlueExamplesToFeatures(
  examples: readonly GlueExample[],
  tokenizer: Tokenizer,
  task: string | GlueTask,
  options: GlueFeatureOptions = {},
): SequenceStore {
  const spec = typeof task === 'string' ? getGlueTask(task) : task;
  const maxSeqLength = options.maxSeqLength ?? 128;
  if (!(Number.isInteger(maxSeqLength) && maxSeqLength > 0)) {
    throw new InvalidConfigError({ path: 'maxSeqLength', expected: 'a positive integer', received: maxSeqLength });
  }
  const labelled = examples.length > 0 && examples[0]?.label !== null;
  const builder = new SequenceStoreBuilder({
    withTokenTypeIds: true,
    labelType: labelled ? (spec.outputMode === 'regression' ? 'float32' : 'int32') : undefined,
  });
  const labelIds = new Map(spec.labels.map((label, index) => [label, index]));
  const encodeOptions = { addSpecialTokens: true, maxLength: maxSeqLength, truncation: options.truncation ?? 'longest_first', padding: 'do_not_pad' } as const;
  for (const example of examples) {
    const encoding = tokenizer.encode(example.textA, example.textB, encodeOptions);
    builder.append(encoding.inputIds, encoding.tokenTypeIds, labelled ? labelValue(spec, example, labelIds) : undefined);
  }
  return builder.build();
}

function labelValue(task: GlueTask, example: GlueExample, labelIds: ReadonlyMap<string, number>): number {
  const label = example.label;
  if (label === null) {
    throw new InvalidConfigError({ path: `examples (line ${example.line}).label`, expected: 'a label, like every other example of the list', received: null });
  }
  if (task.outputMode === 'regression') return Number.parseFloat(label);
  const id = labelIds.get(label);
  if (id === undefined) {
    throw new InvalidConfigError({ path: `examples (line ${example.line}).label`, expected: `one of ${task.labels.join(', ')}`, received: label });
  }
  return id;
}
