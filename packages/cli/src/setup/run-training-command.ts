import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AdapterType, InvalidConfigError, setInitializerSeed, writeFileAtomic, type Tokenizer } from '@adapters/core';
import { TrainableModelWithHeads, type ModelWithHeads } from '@adapters/auto';
import type { TrainingDataSource, TrainResult } from '@adapters/trainer';
import type { CommandContext } from './command-context';
import { printerOf } from './command-context';
import { ensureBackend } from './ensure-backend';
import { evalPrefixed, formatMetrics } from './format-metrics';
import { disposeModel, loadModel, type ModelFlags } from './load-model';
import { checkTrainingFlags } from './check-training-flags';
import { clampMaxSeqLength, longestModelInput } from './max-seq-length';
import { checkOutputDir } from './prepare-output-dir';
import { saveTrainedModel } from './save-trained-model';
import { checkAdapterFlags, setupAdapterTraining, type AdapterFlags } from './setup-adapter-training';
import { trainableSummary } from './trainable-summary';
import { fitAndRecord, writeResults } from './fit-and-record';
import { resumeFromFlag, trainerFromFlags, wantsEvaluation, type TrainingFlagValues } from './trainer-from-flags';

/** The flags every train-and-evaluate command has (model, training, adapters). */
export type TrainingCommandFlags = ModelFlags & TrainingFlagValues & AdapterFlags & { readonly backend?: string | undefined; readonly doPredict?: boolean };

/** A dev-set evaluation: metrics (unprefixed) and, optionally, the predictions to write next to them. */
export interface TaskEvaluation {
  readonly metrics: Record<string, number>;
  readonly predictions?: unknown;
}

/** What a command adds to the shared flow: its names, its head, and how it reads and scores its data. */
export interface TrainingTask {
  /** The adapter's and the head's name (`rte`, `ner`, ...). */
  readonly name: string;
  /** For messages (`RTE`, `CoNLL-2003 NER`). */
  readonly displayName: string;
  /** Whether `--adapter_config` was typed (a loaded adapter's own config wins otherwise). */
  readonly configGiven: boolean;
  /** Adds the task's head (or checks one loaded with the adapter) and makes it active. */
  prepareHead(model: ModelWithHeads): void;
  /** The training batches (seeded per epoch) and the number of examples they hold. */
  loadTrain(tokenizer: Tokenizer): Promise<{ readonly size: number; readonly data: TrainingDataSource }>;
  /** The dev set and its evaluation (eval mode). */
  loadDev(tokenizer: Tokenizer): Promise<{ readonly size: number; evaluate(model: ModelWithHeads): Promise<TaskEvaluation> }>;
  /** Runs after training and evaluation, before the model is released (`--do_predict`). */
  afterRun?(model: ModelWithHeads): Promise<void>;
}

export interface TrainingCommandResult {
  readonly task: string;
  /** The final dev metrics, `eval_`-prefixed as in eval_results.json; undefined without evaluation. */
  readonly metrics: Readonly<Record<string, number>> | undefined;
  readonly outputDir: string;
  /** Where the trained adapter (with its head) was saved; undefined for full fine-tuning or no training. */
  readonly adapterDir: string | undefined;
  readonly trainResult: TrainResult | undefined;
  /** Dev examples the metrics were computed on (after --max_eval_samples); undefined without evaluation. */
  readonly evalSamples: number | undefined;
}

/** Where the last evaluation's predictions go (a file beside eval_results.json). */
export const PREDICTIONS_FILE = 'eval_predictions.json';

/**
 * What every training command does first: "something to do", adapter and training flag checks, the output-dir guard,
 * the backend, HF's set_seed (new adapter and head weights depend on --seed only), then the model.
 */
export async function startTrainingRun(flags: TrainingCommandFlags, context: CommandContext = {}): Promise<{ resumeFrom: ReturnType<typeof resumeFromFlag> } & Awaited<ReturnType<typeof loadModel>>> {
  if (!flags.doTrain && !flags.doEval && flags.doPredict !== true) {
    throw new InvalidConfigError({ path: '--do_train', expected: 'something to do: --do_train, --do_eval and/or --do_predict', received: false });
  }
  checkAdapterFlags(flags);
  await checkTrainingFlags(flags);
  const resumeFrom = resumeFromFlag(flags.resumeFromCheckpoint);
  if (flags.doTrain) await checkOutputDir(flags.outputDir, { overwrite: flags.overwriteOutputDir, resuming: resumeFrom !== undefined });
  await ensureBackend(flags.backend, printerOf(context));
  setInitializerSeed(flags.seed);
  return { resumeFrom, ...(await loadModel(flags)) };
}

/**
 * The flow of the seed's run_*.py scripts, shared by `glue`, `ner`, `qa` and `mc`: check the flags and the
 * output folder, pick the backend, seed new weights (HF `set_seed`), load the model, set up adapter training
 * (spec F.1), add the head, train with `Trainer` (evaluating per the flags), then save the adapter with its head
 * in `<output_dir>/<name>/` (or the whole model after full fine-tuning). With `--do_eval` alone, evaluates once
 * and writes eval_results.json. The last evaluation's predictions go to `eval_predictions.json`.
 */
export async function runTrainingCommand<Flags extends TrainingCommandFlags & { readonly maxSeqLength: number }>(
  commandFlags: Flags,
  context: CommandContext,
  describeTask: (tokenizer: Tokenizer, flags: Flags) => TrainingTask | Promise<TrainingTask>,
): Promise<TrainingCommandResult> {
  const print = printerOf(context);
  const { resumeFrom, model, tokenizer, folder } = await startTrainingRun(commandFlags, context);
  try {
    const flags = clampMaxSeqLength(commandFlags, longestModelInput(model.encoder.config), print);
    const task = await describeTask(tokenizer, flags);
    const { name } = task;
    const setup = await setupAdapterTraining(model, flags, name, { adapterType: AdapterType.textTask, configGiven: task.configGiven });
    task.prepareHead(model);
    let predictions: unknown;
    const dev = wantsEvaluation(flags) ? await task.loadDev(tokenizer) : undefined;
    const evaluate = dev === undefined
      ? undefined
      : async (): Promise<Record<string, number>> => {
          const evaluation = await dev.evaluate(model);
          predictions = evaluation.predictions;
          return evaluation.metrics;
        };

    let metrics: Record<string, number> | undefined;
    let trainResult: TrainResult | undefined;
    let adapterDir: string | undefined;
    if (flags.doTrain) {
      const train = await task.loadTrain(tokenizer);
      const what = setup.adapterName === undefined ? 'the whole model' : `adapter '${name}' (${flags.adapterConfig})`;
      print(`${task.displayName}: training ${what} on ${train.size} examples (dev ${dev?.size ?? 'not evaluated'}), ${trainableSummary(model)}`);
      const trainer = trainerFromFlags(new TrainableModelWithHeads(model, { head: name }), flags, { trainingData: train.data, evaluate, adapterTraining: flags.trainAdapter, cacheFrozenLayers: flags.cacheFrozenLayers }, context);
      trainResult = await fitAndRecord(trainer, { flags, print, examples: train.size, model, resumeFrom });
      metrics = trainResult.metrics === undefined ? undefined : { ...trainResult.metrics };
      adapterDir = await saveTrainedModel(model, flags.outputDir, setup.adapterName === undefined ? undefined : name, folder);
    } else if (evaluate !== undefined) {
      metrics = evalPrefixed(await evaluate());
    }
    if (metrics !== undefined) await writeResults(flags.outputDir, 'eval', { ...metrics, eval_samples: dev?.size ?? 0 });
    await task.afterRun?.(model);
    if (predictions !== undefined) {
      await mkdir(flags.outputDir, { recursive: true });
      await writeFileAtomic(path.join(flags.outputDir, PREDICTIONS_FILE), `${JSON.stringify(predictions, null, 1)}\n`);
    }
    if (metrics !== undefined) print(`${task.displayName} dev (${dev?.size} examples): ${formatMetrics(metrics)}`);
    if (adapterDir !== undefined) print(`adapter '${name}' with its head saved to ${adapterDir}`);
    else if (flags.doTrain) print(`model saved to ${flags.outputDir} (head in ${path.join(flags.outputDir, name)})`);
    return { task: name, metrics, outputDir: flags.outputDir, adapterDir, trainResult, evalSamples: dev?.size };
  } finally {
    disposeModel(model);
    setInitializerSeed(undefined);
  }
}
