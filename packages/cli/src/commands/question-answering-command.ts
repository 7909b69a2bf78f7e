import { convertQuestionAnsweringExamples, createQuestionAnsweringCollator, padTokenIdOf, readSquadFile, type SquadExample } from '@adapters/datasets';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { DATA_FILE_FLAGS } from '../flags/data-file-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { QUESTION_ANSWERING_FLAGS } from '../flags/question-answering-flags';
import { FROZEN_LAYER_FLAGS } from '../flags/frozen-layer-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { loadDataSplit, sharedDataFile } from '../setup/data-files';
import { evaluateQuestionAnswering } from '../setup/question-answering-evaluation';
import { runTrainingCommand, type TrainingCommandResult } from '../setup/run-training-command';
import { ensureTaskHead } from '../setup/task-head';
import { seededBatches } from '../setup/training-batches';

export const QUESTION_ANSWERING_COMMAND = {
  name: 'qa',
  summary:
    'Train and evaluate extractive question answering on SQuAD v1.1/v2.0 JSON, as run_qa.py does. Contexts are cut into overlapping windows ' +
    '(--doc_stride); a QA head and (with --train_adapter) a task adapter named --task_name are saved to <output_dir>/<task_name>; dev scores are the official SQuAD EM and F1.',
  flags: { ...MODEL_FLAGS, ...DATA_FILE_FLAGS, ...QUESTION_ANSWERING_FLAGS, ...TRAINING_FLAGS, ...FROZEN_LAYER_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters qa --model_name_or_path models/bert-tiny-mlm --do_train --do_eval --train_adapter --adapter_config pfeiffer \\',
    '  --train_file ../shared/data/squad/xquad.en.json --dev_every 5 --max_seq_length 128 --doc_stride 48 \\',
    '  --per_device_train_batch_size 32 --learning_rate 1e-3 --max_steps 400 --output_dir runs/qa',
    'Default --train_file: $ADAPTERS_DATA/squad/xquad.en.json; without --validation_file every 5th article (--dev_every) is dev.',
  ],
} as const satisfies CommandSpec;

export type QuestionAnsweringArguments = ParsedFlags<typeof QUESTION_ANSWERING_COMMAND.flags>;

/** `adapters qa`: argv or parsed flags; null when `--help` was asked for. */
export async function runQuestionAnswering(args: readonly string[] | QuestionAnsweringArguments, context: CommandContext = {}): Promise<TrainingCommandResult | null> {
  const resolved = resolveCommandArguments(QUESTION_ANSWERING_COMMAND, args, printerOf(context));
  if (resolved === null) return null;
  const { flags, given } = resolved;
  const read = async (file: string): Promise<readonly SquadExample[]> => (await readSquadFile(file)).examples;
  // Whole articles go to dev, so no dev paragraph is seen in training.
  const defaults = { train: sharedDataFile('squad', 'xquad.en.json'), groupOf: (example: SquadExample) => example.articleIndex };
  const name = flags.taskName;
  return runTrainingCommand(flags, context, (tokenizer, flags) => {
    const padTokenId = padTokenIdOf(tokenizer);
    const featuresOf = (examples: readonly SquadExample[]) =>
      convertQuestionAnsweringExamples(examples, tokenizer, { maxSeqLength: flags.maxSeqLength, docStride: flags.docStride, maxQueryLength: flags.maxQueryLength });
    return {
      name,
      displayName: `QA (${name})`,
      configGiven: given?.has('adapter_config') ?? flags.adapterConfig !== QUESTION_ANSWERING_COMMAND.flags.adapter_config.default,
      prepareHead: (model) =>
        ensureTaskHead(model, name, {
          fits: (config) => (config.head_type === 'question_answering' ? undefined : 'a question_answering head'),
          add: () => model.addQaHead(name),
        }),
      loadTrain: async () => {
        const features = featuresOf((await loadDataSplit(flags, 'train', read, defaults)).examples);
        const collate = createQuestionAnsweringCollator(features, { padTokenId });
        const data = seededBatches({ size: features.store.size, lengths: () => features.store.lengths(), collatorFor: () => (indices) => collate(features.store, indices) }, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength });
        return { size: features.store.size, data };
      },
      loadDev: async () => {
        const features = featuresOf((await loadDataSplit(flags, 'dev', read, defaults)).examples);
        const options = {
          head: name,
          batchSize: flags.perDeviceEvalBatchSize,
          padTokenId,
          nBestSize: flags.nBestSize,
          maxAnswerLength: flags.maxAnswerLength,
          versionTwoWithNegative: flags.version2WithNegative,
          nullScoreDiffThreshold: flags.nullScoreDiffThreshold,
        };
        return { size: features.examples.length, evaluate: (model) => evaluateQuestionAnswering(model, features, options) };
      },
    };
  });
}
