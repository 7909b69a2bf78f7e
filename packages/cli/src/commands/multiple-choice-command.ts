import { convertMultipleChoiceExamples, collateMultipleChoice, multipleChoiceLengths, padTokenIdOf, readMultipleChoiceFile, type MultipleChoiceExample, type MultipleChoiceFormat } from '@adapters/datasets';
import { InvalidConfigError } from '@adapters/core';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { DATA_FILE_FLAGS } from '../flags/data-file-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { MULTIPLE_CHOICE_FLAGS } from '../flags/multiple-choice-flags';
import { FROZEN_LAYER_FLAGS } from '../flags/frozen-layer-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { loadDataSplit, sharedDataFile } from '../setup/data-files';
import { evaluateMultipleChoice } from '../setup/multiple-choice-evaluation';
import { runTrainingCommand, type TrainingCommandResult } from '../setup/run-training-command';
import { ensureTaskHead } from '../setup/task-head';
import { seededBatches } from '../setup/training-batches';

export const MULTIPLE_CHOICE_COMMAND = {
  name: 'mc',
  summary:
    'Train and evaluate multiple choice (SWAG csv/jsonl, CommonsenseQA jsonl), as run_swag.py does. Each choice is `[CLS] context [SEP] ending [SEP]`; ' +
    'a multiple-choice head and (with --train_adapter) a task adapter named --task_name are saved to <output_dir>/<task_name>; the dev score is accuracy.',
  flags: { ...MODEL_FLAGS, ...DATA_FILE_FLAGS, ...MULTIPLE_CHOICE_FLAGS, ...TRAINING_FLAGS, ...FROZEN_LAYER_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters mc --model_name_or_path models/bert-tiny-mlm --do_train --do_eval --train_adapter --adapter_config pfeiffer \\',
    '  --train_file ../shared/data/multiple-choice/commonsenseqa-dev_rand_split.jsonl --dev_every 5 --max_seq_length 128 \\',
    '  --per_device_train_batch_size 16 --learning_rate 1e-3 --max_steps 300 --output_dir runs/mc',
    'Default --train_file: $ADAPTERS_DATA/multiple-choice/commonsenseqa-dev_rand_split.jsonl; without --validation_file every 5th example (--dev_every) is dev.',
  ],
} as const satisfies CommandSpec;

export type MultipleChoiceArguments = ParsedFlags<typeof MULTIPLE_CHOICE_COMMAND.flags>;

/** `adapters mc`: argv or parsed flags; null when `--help` was asked for. */
export async function runMultipleChoice(args: readonly string[] | MultipleChoiceArguments, context: CommandContext = {}): Promise<TrainingCommandResult | null> {
  const resolved = resolveCommandArguments(MULTIPLE_CHOICE_COMMAND, args, printerOf(context));
  if (resolved === null) return null;
  const { flags, given } = resolved;
  const choiceCounts = new Set<number>();
  const read = async (file: string): Promise<readonly MultipleChoiceExample[]> => {
    const dataset = await readMultipleChoiceFile(file, { format: flags.datasetFormat as MultipleChoiceFormat | 'auto' });
    choiceCounts.add(dataset.numChoices);
    return dataset.examples;
  };
  const defaults = { train: sharedDataFile('multiple-choice', 'commonsenseqa-dev_rand_split.jsonl') };
  const name = flags.taskName;
  return runTrainingCommand(flags, context, async (tokenizer, flags) => {
    const padTokenId = padTokenIdOf(tokenizer);
    // The head scores a fixed number of choices: the one of the training file.
    const numChoices = (await loadDataSplit(flags, 'train', read, defaults)).examples[0]?.endings.length ?? 0;
    const featuresOf = async (split: 'train' | 'dev') => {
      const { examples, description } = await loadDataSplit(flags, split, read, defaults);
      if (choiceCounts.size > 1) throw new InvalidConfigError({ path: '--validation_file', expected: `${numChoices} choices per example, as the training file`, received: `${description}: ${[...choiceCounts].join(' and ')} choices` });
      return convertMultipleChoiceExamples(examples, tokenizer, { maxSeqLength: flags.maxSeqLength });
    };
    return {
      name,
      displayName: `multiple choice (${name})`,
      configGiven: given?.has('adapter_config') ?? flags.adapterConfig !== MULTIPLE_CHOICE_COMMAND.flags.adapter_config.default,
      prepareHead: (model) =>
        ensureTaskHead(model, name, {
          fits: (config) => (config.head_type === 'multiple_choice' && config.num_choices === numChoices ? undefined : `a multiple_choice head with ${numChoices} choices`),
          add: () => model.addMultipleChoiceHead(name, { numChoices }),
        }),
      loadTrain: async () => {
        const features = await featuresOf('train');
        const data = seededBatches(
          { size: features.size, lengths: () => multipleChoiceLengths(features), collatorFor: () => (indices) => collateMultipleChoice(features, indices, { padTokenId }) },
          { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength },
        );
        return { size: features.size, data };
      },
      loadDev: async () => {
        const features = await featuresOf('dev');
        return { size: features.size, evaluate: (model) => evaluateMultipleChoice(model, features, { head: name, batchSize: flags.perDeviceEvalBatchSize, padTokenId }) };
      },
    };
  });
}
