import path from 'node:path';
import { AdaptersError, Fuse, InvalidConfigError, loadAdapterFusionConfig, setInitializerSeed, type AdapterFusionConfig } from '@adapters/core';
import { TrainableModelWithHeads } from '@adapters/auto';
import { padTokenIdOf } from '@adapters/datasets';
import type { TrainResult } from '@adapters/trainer';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { FUSION_FLAGS } from '../flags/fusion-flags';
import { GLUE_DATA_FLAGS } from '../flags/glue-data-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { ensureBackend } from '../setup/ensure-backend';
import { formatMetrics } from '../setup/format-metrics';
import { glueTaskFromFlag, loadGlueSplit } from '../setup/glue-data';
import { shuffledBatches } from '../setup/training-batches';
import { evaluateGlue } from '../setup/glue-evaluation';
import { ensureGlueHead } from '../setup/glue-head';
import { disposeModel, loadModel } from '../setup/load-model';
import { checkTrainingFlags } from '../setup/check-training-flags';
import { clampMaxSeqLength, longestModelInput } from '../setup/max-seq-length';
import { checkOutputDir } from '../setup/prepare-output-dir';
import { trainableSummary } from '../setup/trainable-summary';
import { fitAndRecord } from '../setup/fit-and-record';
import { resumeFromFlag, trainerFromFlags, wantsEvaluation } from '../setup/trainer-from-flags';

export const FUSION_GLUE_COMMAND = {
  name: 'fusion',
  summary:
    'AdapterFusion on a GLUE task, as run_fusion_glue.py does. Loads trained adapters, adds a fusion layer over them and a ' +
    'classification head named after the task, and trains only those. The fusion is saved to <output_dir>/<a,b,...>, the head to <output_dir>/<task>.',
  flags: { ...MODEL_FLAGS, ...GLUE_DATA_FLAGS, ...TRAINING_FLAGS, ...FUSION_FLAGS },
  examples: [
    'adapters fusion --model_name_or_path models/bert-tiny-mlm --task_name sst-2 --data_dir ../shared/data/glue/SST-2 \\',
    '  --fusion_adapters out/rte/rte out/mrpc/mrpc out/sst-2/sst-2 --fusion_config dynamic --do_train --do_eval \\',
    '  --learning_rate 5e-5 --num_train_epochs 3 --per_device_train_batch_size 32 --output_dir out/fusion-sst-2',
  ],
} as const satisfies CommandSpec;

export type FusionGlueArguments = ParsedFlags<typeof FUSION_GLUE_COMMAND.flags>;

export interface FusionGlueResult {
  readonly task: string;
  readonly metrics: Readonly<Record<string, number>> | undefined;
  readonly outputDir: string;
  /** The fused adapters, by name. */
  readonly adapterNames: readonly string[];
  readonly fusionName: string;
  readonly fusionDir: string | undefined;
  readonly headDir: string | undefined;
  readonly trainResult: TrainResult | undefined;
}

/** `adapters fusion`: argv or parsed flags; null when `--help` was asked for. */
export async function runFusionGlue(args: readonly string[] | FusionGlueArguments, context: CommandContext = {}): Promise<FusionGlueResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(FUSION_GLUE_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags } = resolved;
  const task = glueTaskFromFlag(flags.taskName);
  if (!flags.doTrain && !flags.doEval) throw new InvalidConfigError({ path: '--do_train', expected: 'something to do: --do_train and/or --do_eval', received: false });
  if (flags.fusionAdapters.length < 2) throw new InvalidConfigError({ path: '--fusion_adapters', expected: 'at least two adapter folders to fuse', received: flags.fusionAdapters });
  const fusionConfig = fusionConfigFromFlags(flags);
  await checkTrainingFlags(flags);
  const resumeFrom = resumeFromFlag(flags.resumeFromCheckpoint);
  if (flags.doTrain) await checkOutputDir(flags.outputDir, { overwrite: flags.overwriteOutputDir, resuming: resumeFrom !== undefined });
  await ensureBackend(flags.backend, print);
  setInitializerSeed(flags.seed);
  const { model, tokenizer } = await loadModel(flags);
  try {
    const dataFlags = clampMaxSeqLength(flags, longestModelInput(model.encoder.config), print);
    const adapterNames: string[] = [];
    for (const folder of flags.fusionAdapters) {
      const name = await model.loadAdapter(folder, { withHead: false });
      if (adapterNames.includes(name)) {
        throw new InvalidConfigError({ path: '--fusion_adapters', expected: `adapters with different names (two folders hold '${name}')`, received: flags.fusionAdapters });
      }
      adapterNames.push(name);
    }
    const setup = Fuse(...adapterNames);
    const fusionName = model.addAdapterFusion(setup, fusionConfig);
    ensureGlueHead(model, task.name, task);
    model.trainAdapterFusion(setup, { unfreezeAdapters: flags.unfreezeAdapters });
    // trainAdapterFusion activates the head named like the last adapter, if any; this task has its own.
    model.activeHead = task.name;

    const padTokenId = padTokenIdOf(tokenizer);
    const padTo = flags.padToMaxLength ? dataFlags.maxSeqLength : undefined;
    const dev = wantsEvaluation(flags) ? await loadGlueSplit(task, 'dev', tokenizer, dataFlags) : undefined;
    const evaluate = dev === undefined ? undefined : () => evaluateGlue(model, task, dev, { head: task.name, batchSize: flags.perDeviceEvalBatchSize, padTokenId, padTo });
    let metrics: Record<string, number> | undefined;
    let trainResult: TrainResult | undefined;
    let fusionDir: string | undefined;
    let headDir: string | undefined;
    if (flags.doTrain) {
      const train = await loadGlueSplit(task, 'train', tokenizer, dataFlags);
      print(`${task.displayName}: training fusion '${fusionName}' on ${train.size} examples, ${trainableSummary(model)}`);
      const trainer = trainerFromFlags(
        new TrainableModelWithHeads(model, { head: task.name }),
        flags,
        { trainingData: shuffledBatches(train, tokenizer, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength, padTo }), evaluate, adapterTraining: true },
        context,
      );
      trainResult = await fitAndRecord(trainer, { flags, print, examples: train.size, model, resumeFrom });
      metrics = trainResult.metrics === undefined ? undefined : { ...trainResult.metrics };
      fusionDir = path.join(flags.outputDir, fusionName);
      headDir = path.join(flags.outputDir, task.name);
      await model.saveAdapterFusion(fusionDir, fusionName);
      await model.saveHead(headDir, task.name);
      if (flags.unfreezeAdapters) for (const name of adapterNames) await model.saveAdapter(path.join(flags.outputDir, name), name, { withHead: false });
    } else if (evaluate !== undefined) {
      metrics = Object.fromEntries(Object.entries(await evaluate()).map(([name, value]) => [`eval_${name}`, value]));
    }
    if (metrics !== undefined) print(`${task.displayName} dev (${dev?.size} examples): ${formatMetrics(metrics)}`);
    if (fusionDir !== undefined) print(`fusion '${fusionName}' saved to ${fusionDir}, head '${task.name}' to ${headDir}`);
    return { task: task.name, metrics, outputDir: flags.outputDir, adapterNames, fusionName, fusionDir, headDir, trainResult };
  } finally {
    disposeModel(model);
    setInitializerSeed(undefined);
  }
}

/** `--fusion_config` plus the `--fusion_*` overrides that were given. */
export function fusionConfigFromFlags(flags: FusionGlueArguments): AdapterFusionConfig {
  const overrides = {
    queryBeforeLn: flags.fusionQueryBeforeLn,
    regularization: flags.fusionRegularization,
    residualBefore: flags.fusionResidualBefore,
    temperature: flags.fusionTemperature,
    value: flags.fusionValue,
    valueBeforeSoftmax: flags.fusionValueBeforeSoftmax,
    valueInitialized: flags.fusionValueInitialized,
    dropoutProb: flags.fusionDropoutProb,
  };
  try {
    return loadAdapterFusionConfig(flags.fusionConfig, overrides);
  } catch (error) {
    if (!AdaptersError.isInstance(error)) throw error;
    throw new InvalidConfigError({ path: '--fusion_config', expected: `a fusion preset (dynamic, static) or config file (${error.message})`, received: flags.fusionConfig, cause: error });
  }
}
