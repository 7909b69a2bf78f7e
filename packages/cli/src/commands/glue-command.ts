import { padTokenIdOf } from '@adapters/datasets';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, FlagSpecs, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { GLUE_DATA_FLAGS } from '../flags/glue-data-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { FROZEN_LAYER_FLAGS } from '../flags/frozen-layer-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { glueTaskFromFlag, loadGlueSplit } from '../setup/glue-data';
import { evaluateGlue } from '../setup/glue-evaluation';
import { ensureGlueHead } from '../setup/glue-head';
import { predictGlue, writePredictResults } from '../setup/glue-prediction';
import { runTrainingCommand, type TrainingCommandResult } from '../setup/run-training-command';
import { shuffledBatches } from '../setup/training-batches';

const GLUE_PREDICT_FLAGS = {
  do_predict: { type: 'boolean', default: false, group: 'Training', help: "Predict the test split (test.tsv, no labels) and write predict_results_<task>.txt (index, label name), as run_glue.py does." },
  max_predict_samples: { type: 'integer', min: 1, valueName: 'N', group: 'Data', help: 'Predict the first N test rows only.' },
} as const satisfies FlagSpecs;

export const GLUE_COMMAND = {
  name: 'glue',
  summary:
    'Train and evaluate on a GLUE task, as run_glue.py does. With --train_adapter a task adapter named after the task (and a ' +
    'classification head) trains on a frozen backbone and is saved to <output_dir>/<task>; without it the whole model is fine-tuned.',
  flags: { ...MODEL_FLAGS, ...GLUE_DATA_FLAGS, ...TRAINING_FLAGS, ...FROZEN_LAYER_FLAGS, ...GLUE_PREDICT_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters glue --model_name_or_path models/bert-tiny-mlm --task_name rte --do_train --do_eval --data_dir ../shared/data/glue/RTE \\',
    '  --max_seq_length 128 --per_device_train_batch_size 32 --learning_rate 1e-4 --num_train_epochs 3 --output_dir out/rte \\',
    '  --overwrite_output_dir --train_adapter --adapter_config pfeiffer',
  ],
} as const satisfies CommandSpec;

export type GlueArguments = ParsedFlags<typeof GLUE_COMMAND.flags>;

/** `runGlue`'s result; `task` is the canonical task name (`sst-2`), also the adapter's and the head's name. */
export type GlueResult = TrainingCommandResult;

/** `adapters glue`: argv or parsed flags; null when `--help` was asked for. */
export async function runGlue(args: readonly string[] | GlueArguments, context: CommandContext = {}): Promise<GlueResult | null> {
  const resolved = resolveCommandArguments(GLUE_COMMAND, args, printerOf(context));
  if (resolved === null) return null;
  const { flags, given } = resolved;
  const task = glueTaskFromFlag(flags.taskName);
  return runTrainingCommand(flags, context, (tokenizer, flags) => {
    const padTokenId = padTokenIdOf(tokenizer);
    const padTo = flags.padToMaxLength ? flags.maxSeqLength : undefined;
    return {
      name: task.name,
      displayName: task.displayName,
      // Parsed flags do not say what was typed: a non-default config counts as given.
      configGiven: given?.has('adapter_config') ?? flags.adapterConfig !== GLUE_COMMAND.flags.adapter_config.default,
      prepareHead: (model) => ensureGlueHead(model, task.name, task),
      loadTrain: async () => {
        const train = await loadGlueSplit(task, 'train', tokenizer, flags);
        return { size: train.size, data: shuffledBatches(train, tokenizer, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength, padTo }) };
      },
      loadDev: async () => {
        const dev = await loadGlueSplit(task, 'dev', tokenizer, flags);
        return { size: dev.size, evaluate: async (model) => ({ metrics: await evaluateGlue(model, task, dev, { head: task.name, batchSize: flags.perDeviceEvalBatchSize, padTokenId, padTo }) }) };
      },
      afterRun: async (model) => {
        if (!flags.doPredict) return;
        const test = await loadGlueSplit(task, 'test', tokenizer, flags);
        const predictions = await predictGlue(model, task, test, { head: task.name, batchSize: flags.perDeviceEvalBatchSize, padTokenId, padTo });
        printerOf(context)(`${task.displayName} test (${test.size} examples): predictions written to ${await writePredictResults(flags.outputDir, task, predictions)}`);
      },
    };
  });
}
