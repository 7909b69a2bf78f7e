import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AdapterType, InvalidConfigError, setInitializerSeed, writeFileAtomic } from '@adapters/core';
import { TrainableModelWithHeads } from '@adapters/auto';
import { padTokenIdOf } from '@adapters/datasets';
import type { TrainResult } from '@adapters/trainer';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { GLUE_DATA_FLAGS } from '../flags/glue-data-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { ensureBackend } from '../setup/ensure-backend';
import { evalPrefixed, formatMetrics } from '../setup/format-metrics';
import { glueTaskFromFlag, loadGlueSplit } from '../setup/glue-data';
import { shuffledBatches } from '../setup/training-batches';
import { evaluateGlue } from '../setup/glue-evaluation';
import { ensureGlueHead } from '../setup/glue-head';
import { disposeModel, loadModel } from '../setup/load-model';
import { checkOutputDir } from '../setup/prepare-output-dir';
import { saveFullModel } from '../setup/save-trained-model';
import { trainableSummary } from '../setup/trainable-summary';
import { checkAdapterFlags, setupAdapterTraining } from '../setup/setup-adapter-training';
import { fitWithFlags, resumeFromFlag, trainerFromFlags, wantsEvaluation } from '../setup/trainer-from-flags';

export const GLUE_COMMAND = {
  name: 'glue',
  summary:
    'Train and evaluate on a GLUE task, as run_glue.py does. With --train_adapter a task adapter named after the task (and a ' +
    'classification head) trains on a frozen backbone and is saved to <output_dir>/<task>; without it the whole model is fine-tuned.',
  flags: { ...MODEL_FLAGS, ...GLUE_DATA_FLAGS, ...TRAINING_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters glue --model_name_or_path models/bert-tiny-mlm --task_name rte --do_train --do_eval --data_dir ../shared/data/glue/RTE \\',
    '  --max_seq_length 128 --per_device_train_batch_size 32 --learning_rate 1e-4 --num_train_epochs 3 --output_dir out/rte \\',
    '  --overwrite_output_dir --train_adapter --adapter_config pfeiffer',
  ],
} as const satisfies CommandSpec;

export type GlueArguments = ParsedFlags<typeof GLUE_COMMAND.flags>;

export interface GlueResult {
  /** The canonical task name (`sst-2`), which is also the adapter's and the head's name. */
  readonly task: string;
  /** The final dev metrics, `eval_`-prefixed as in eval_results.json; undefined without --do_eval. */
  readonly metrics: Readonly<Record<string, number>> | undefined;
  readonly outputDir: string;
  /** Where the trained adapter (with its head) was saved; undefined for full fine-tuning or no training. */
  readonly adapterDir: string | undefined;
  readonly trainResult: TrainResult | undefined;
}

/** `adapters glue`: argv or parsed flags; null when `--help` was asked for. */
export async function runGlue(args: readonly string[] | GlueArguments, context: CommandContext = {}): Promise<GlueResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(GLUE_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags, given } = resolved;
  const task = glueTaskFromFlag(flags.taskName);
  if (!flags.doTrain && !flags.doEval) {
    throw new InvalidConfigError({ path: '--do_train', expected: 'something to do: --do_train and/or --do_eval', received: false });
  }
  checkAdapterFlags(flags);
  const resumeFrom = resumeFromFlag(flags.resumeFromCheckpoint);
  if (flags.doTrain) await checkOutputDir(flags.outputDir, { overwrite: flags.overwriteOutputDir, resuming: resumeFrom !== undefined });
  await ensureBackend(flags.backend);
  // HF's set_seed: new adapter and head weights depend on --seed only.
  setInitializerSeed(flags.seed);
  const { model, tokenizer, folder } = await loadModel(flags);
  try {
    const name = task.name;
    // Parsed flags do not say what was typed: a non-default config counts as given.
    const configGiven = given?.has('adapter_config') ?? flags.adapterConfig !== GLUE_COMMAND.flags.adapter_config.default;
    const setup = await setupAdapterTraining(model, flags, name, { adapterType: AdapterType.textTask, configGiven });
    ensureGlueHead(model, name, task);
    const padTokenId = padTokenIdOf(tokenizer);
    const dev = wantsEvaluation(flags) ? await loadGlueSplit(task, 'dev', tokenizer, flags) : undefined;
    const evaluate = dev === undefined ? undefined : () => evaluateGlue(model, task, dev, { head: name, batchSize: flags.perDeviceEvalBatchSize, padTokenId });

    let metrics: Record<string, number> | undefined;
    let trainResult: TrainResult | undefined;
    let adapterDir: string | undefined;
    if (flags.doTrain) {
      const train = await loadGlueSplit(task, 'train', tokenizer, flags);
      const what = setup.adapterName === undefined ? 'the whole model' : `adapter '${name}' (${flags.adapterConfig})`;
      print(`${task.displayName}: training ${what} on ${train.size} examples (dev ${dev?.size ?? 'not evaluated'}), ${trainableSummary(model)}`);
      const trainer = trainerFromFlags(
        new TrainableModelWithHeads(model, { head: name }),
        flags,
        {
          trainingData: shuffledBatches(train, tokenizer, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength }),
          evaluate,
          adapterTraining: flags.trainAdapter,
        },
        context,
      );
      trainResult = await fitWithFlags(trainer, resumeFrom);
      metrics = trainResult.metrics === undefined ? undefined : { ...trainResult.metrics };
      if (setup.adapterName !== undefined) {
        adapterDir = path.join(flags.outputDir, name);
        await model.saveAdapter(adapterDir, name);
      } else {
        await saveFullModel(model, flags.outputDir, folder);
      }
    } else if (evaluate !== undefined) {
      metrics = evalPrefixed(await evaluate());
      await mkdir(flags.outputDir, { recursive: true });
      await writeFileAtomic(path.join(flags.outputDir, 'eval_results.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    }
    if (metrics !== undefined) print(`${task.displayName} dev (${dev?.size} examples): ${formatMetrics(metrics)}`);
    if (adapterDir !== undefined) print(`adapter '${name}' with its head saved to ${adapterDir}`);
    else if (flags.doTrain) print(`model saved to ${flags.outputDir} (head in ${path.join(flags.outputDir, name)})`);
    return { task: name, metrics, outputDir: flags.outputDir, adapterDir, trainResult };
  } finally {
    disposeModel(model);
    setInitializerSeed(undefined);
  }
}
