import { assertGradientsRegistered, InvalidConfigError, readJsonFile, type TrainableModel, nodeModule } from '@adapters/core';
import { AdamW } from '../optimizers/adamw';
import { readAdamWState } from '../optimizers/adamw-state-file';
import { weightDecayParameterNames } from '../optimizers/weight-decay-parameter-names';
import { createLearningRateSchedule, resolveWarmupSteps } from '../schedules/learning-rate-schedule';
import { listCheckpoints } from './checkpoint-folder';
import { ProgressReporter, type ProgressOutput } from './progress-reporter';
import { RunFiles } from './run-files';
import { resolveTrainerOptions, type ResolvedTrainerOptions, type TrainerOptions } from './trainer-options';
import { createTrainerState, trainerStateFromJson, type TrainerState } from './trainer-state';
import { countEpochBatches } from './training-data';
import { TrainingRun, type TrainResult } from './training-run';

const { join } = nodeModule<typeof import('node:path')>('node:path');

/** Options of one `Trainer.fit()` call. */
export interface FitOptions {
  /** Continue from a checkpoint folder, or `true` for the newest `checkpoint-<step>` in `outputDir`. */
  readonly resumeFrom?: string | true;
}

/**
 * HF `Trainer` / AdapterHub `AdapterTrainer` for a `TrainableModel`: AdamW with HF's decay groups, a warmup
 * schedule, global-norm clipping, gradient accumulation, periodic logging, evaluation, early stopping,
 * best-model tracking and atomic checkpoints that `fit({ resumeFrom })` continues exactly.
 */
export class Trainer {
  readonly model: TrainableModel;
  readonly options: ResolvedTrainerOptions;
  private running = false;

  constructor(model: TrainableModel, options: TrainerOptions) {
    this.model = model;
    this.options = resolveTrainerOptions(options);
  }

  /** Trains until the step budget, the epochs or early stopping end the run. */
  async fit(fitOptions: FitOptions = {}): Promise<TrainResult> {
    assertGradientsRegistered();
    const { model, options } = this;
    if (options.adapterTraining && !model.trainsAdaptersOnly) {
      throw new InvalidConfigError({
        path: 'model.trainsAdaptersOnly',
        expected: 'true when adapterTraining is on: call trainAdapter(...) on the model first so only adapters and heads train (or leave adapterTraining off to fine-tune the whole model)',
        received: model.trainsAdaptersOnly,
      });
    }
    if (fitOptions.resumeFrom === true && options.outputDir === undefined) {
      throw new InvalidConfigError({ path: 'resumeFrom', expected: 'a checkpoint folder, or true together with outputDir', received: true });
    }
    if (this.running) throw new InvalidConfigError({ path: 'fit', expected: 'one fit() at a time per Trainer', received: 'a second concurrent call' });
    this.running = true;
    try {
      return await this.run(fitOptions.resumeFrom);
    } finally {
      this.running = false;
    }
  }

  private async run(resumeFrom: string | true | undefined): Promise<TrainResult> {
    const { model, options } = this;
    const named = model.namedTrainableParameters();
    if (named.length === 0) throw new InvalidConfigError({ path: 'model.namedTrainableParameters()', expected: 'at least one parameter to train', received: [] });
    if (options.cacheFrozenLayers !== undefined && model.enableFrozenLayerCache === undefined) {
      throw new InvalidConfigError({ path: 'cacheFrozenLayers', expected: 'a model with enableFrozenLayerCache (e.g. TrainableModelWithHeads), or no cacheFrozenLayers', received: options.cacheFrozenLayers });
    }
    const batchesPerEpoch = countEpochBatches(options.trainingData, options.seed);
    const updatesPerEpoch = Math.ceil(batchesPerEpoch / options.gradientAccumulationSteps);
    const totalSteps = options.maxSteps ?? updatesPerEpoch * options.epochs;
    const epochs = options.maxSteps === undefined ? options.epochs : Math.ceil(options.maxSteps / updatesPerEpoch);
    const schedule = createLearningRateSchedule({
      kind: options.schedule,
      learningRate: options.learningRate,
      totalSteps,
      warmupSteps: resolveWarmupSteps(totalSteps, options.warmupSteps, options.warmupRatio),
    });
    const files = options.outputDir === undefined ? undefined : new RunFiles(options.outputDir);
    await files?.prepare();

    const optimizer = new AdamW(named, {
      weightDecay: options.weightDecay,
      beta1: options.adamBeta1,
      beta2: options.adamBeta2,
      epsilon: options.adamEpsilon,
      decayParameterNames: weightDecayParameterNames(named, { isLayerNormParameter: options.isLayerNormParameter }),
    });
    // A page has no process.stdout: no progress line there unless `output` is given.
    const output = options.output ?? (globalThis as { process?: { stdout?: ProgressOutput } }).process?.stdout;
    const reporter = options.quiet || options.logger !== undefined || output === undefined ? undefined : new ProgressReporter(output);
    try {
      if (options.cacheFrozenLayers !== undefined) model.enableFrozenLayerCache?.({ layers: options.cacheFrozenLayers, maxBytes: options.frozenLayerCacheBytes });
      const state = resumeFrom === undefined ? createTrainerState() : await this.restore(resumeFrom, optimizer);
      await files?.resetLog(state.logHistory);
      const run = new TrainingRun({ model, options, optimizer, schedule, state, files, reporter, batchesPerEpoch, epochs, totalSteps });
      return await run.execute();
    } finally {
      // Ends a half-drawn TTY line if the run failed; a no-op after a normal finish.
      reporter?.finish();
      // The cached states belong to this run (the next one may train other layers).
      if (options.cacheFrozenLayers !== undefined) model.disableFrozenLayerCache?.();
      // The moments only matter inside a run; a checkpoint holds them for resuming.
      optimizer.dispose();
    }
  }

  /** Loads model weights, optimizer moments and the trainer state of a checkpoint folder. */
  private async restore(resumeFrom: string | true, optimizer: AdamW): Promise<TrainerState> {
    let folder: string;
    if (resumeFrom === true) {
      const newest = (await listCheckpoints(this.options.outputDir as string)).at(-1);
      if (newest === undefined) {
        throw new InvalidConfigError({ path: 'resumeFrom', expected: `a checkpoint-<step> folder in ${this.options.outputDir}; none was found`, received: true });
      }
      folder = newest.folder;
    } else {
      folder = resumeFrom;
    }
    const stateFile = join(folder, 'trainer_state.json');
    const state = trainerStateFromJson(await readJsonFile(stateFile), stateFile);
    await this.model.loadCheckpoint(folder);
    optimizer.importState(await readAdamWState(join(folder, 'optimizer.safetensors')));
    return state;
  }
}
