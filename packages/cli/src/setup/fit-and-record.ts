import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@adapters/core';
import { listCheckpoints, type FitOptions, type Trainer, type TrainResult } from '@adapters/trainer';
import { fitWithFlags, type TrainingFlagValues } from './trainer-from-flags';
import { countParameters } from './trainable-summary';

/** HF's record of the arguments a run was started with (`training_args.bin`; JSON here). */
export const TRAINING_ARGS_FILE = 'training_args.json';

/** `modelNameOrPath` → `model_name_or_path`: the flags as they were typed. */
export function snakeCaseFlags(flags: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(flags).map(([name, value]) => [name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value ?? null]));
}

/** HF Trainer's banner before the first update. */
export function runningTrainingBlock(facts: { examples: number; epochs: number; batchSize: number; accumulation: number; totalSteps: number; trainable: number }): string[] {
  const number = (value: number) => value.toLocaleString('en-US');
  return [
    '***** Running training *****',
    `  Num examples = ${number(facts.examples)}`,
    `  Num Epochs = ${number(facts.epochs)}`,
    `  Instantaneous batch size per device = ${number(facts.batchSize)}`,
    `  Total train batch size (w. accumulation) = ${number(facts.batchSize * facts.accumulation)}`,
    `  Gradient Accumulation steps = ${number(facts.accumulation)}`,
    `  Total optimization steps = ${number(facts.totalSteps)}`,
    `  Number of trainable parameters = ${number(facts.trainable)}`,
  ];
}

/**
 * Writes HF's result files into `outputDir`: `<split>_results.json` (merged into what is there, e.g. the
 * trainer's eval_results.json) and `all_results.json` with every split's metrics.
 */
export async function writeResults(outputDir: string, split: 'train' | 'eval' | 'predict', metrics: Record<string, number>): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  const file = path.join(outputDir, `${split}_results.json`);
  const merged = { ...(await readJsonObject(file)), ...metrics };
  await writeFileAtomic(file, `${JSON.stringify(merged, null, 2)}\n`);
  const all = path.join(outputDir, 'all_results.json');
  await writeFileAtomic(all, `${JSON.stringify({ ...(await readJsonObject(all)), ...merged }, null, 2)}\n`);
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface FitRecordOptions {
  readonly flags: TrainingFlagValues;
  readonly print: (line: string) => void;
  readonly examples: number;
  readonly model: { namedParameters(): Array<[string, { size: number; trainable: boolean }]> };
  readonly resumeFrom: FitOptions['resumeFrom'];
}

/**
 * `trainer.fit` with HF's run records around it: says which checkpoint a resume picks (and warns when
 * `--learning_rate` differs from the run that wrote it), writes `training_args.json`, prints the
 * `***** Running training *****` banner, and after training writes `train_results.json` / `all_results.json`
 * (adding `eval_samples`-style counts is the caller's part) and copies the logs to `--logging_dir`.
 */
export async function fitAndRecord(trainer: Trainer, options: FitRecordOptions): Promise<TrainResult> {
  const { flags, print, resumeFrom } = options;
  const argsFile = path.join(flags.outputDir, TRAINING_ARGS_FILE);
  if (resumeFrom !== undefined) {
    const folder = resumeFrom === true ? (await listCheckpoints(flags.outputDir)).at(-1)?.folder : resumeFrom;
    if (folder !== undefined) print(`resuming from ${folder}`);
    const previous = (await readJsonObject(argsFile))?.learning_rate;
    if (typeof previous === 'number' && previous !== flags.learningRate) {
      print(`warning: --learning_rate ${flags.learningRate} differs from the ${previous} of the run that wrote the checkpoint (${argsFile}); the schedule continues with ${flags.learningRate}`);
    }
  }
  await mkdir(flags.outputDir, { recursive: true });
  await writeFileAtomic(argsFile, `${JSON.stringify({ ...snakeCaseFlags(flags), run_name: flags.runName ?? flags.outputDir }, null, 2)}\n`);
  const { options: resolved } = trainer;
  const batches = resolved.trainingData.length;
  const updatesPerEpoch = batches === undefined ? undefined : Math.ceil(batches / resolved.gradientAccumulationSteps);
  const totalSteps = resolved.maxSteps ?? (updatesPerEpoch === undefined ? Number.NaN : updatesPerEpoch * resolved.epochs);
  const epochs = resolved.maxSteps === undefined || updatesPerEpoch === undefined ? resolved.epochs : Math.ceil(resolved.maxSteps / updatesPerEpoch);
  if (flags.runName !== undefined) print(`run: ${flags.runName}`);
  for (const line of runningTrainingBlock({
    examples: options.examples,
    epochs,
    batchSize: flags.perDeviceTrainBatchSize,
    accumulation: resolved.gradientAccumulationSteps,
    totalSteps,
    trainable: countParameters(options.model).trainable,
  })) {
    print(line);
  }
  const started = performance.now();
  const result = await fitWithFlags(trainer, resumeFrom);
  const seconds = (performance.now() - started) / 1000;
  const round = (value: number) => Number(value.toFixed(3));
  await writeResults(flags.outputDir, 'train', {
    epoch: result.epoch,
    train_loss: result.trainingLoss,
    train_runtime: round(seconds),
    train_samples: options.examples,
    train_samples_per_second: round((result.globalStep * flags.perDeviceTrainBatchSize * resolved.gradientAccumulationSteps) / Math.max(seconds, 1e-9)),
    train_steps_per_second: round(result.globalStep / Math.max(seconds, 1e-9)),
  });
  if (flags.loggingDir !== undefined) {
    await mkdir(flags.loggingDir, { recursive: true });
    for (const file of ['log.jsonl', 'loss-curve.svg']) {
      if (existsSync(path.join(flags.outputDir, file))) await copyFile(path.join(flags.outputDir, file), path.join(flags.loggingDir, file));
    }
  }
  return result;
}
