import { InvalidConfigError, type Batch, type TrainableModel, nodeModule } from '@adapters/core';
import { writeAdamWState } from '../optimizers/adamw-state-file';
import type { AdamW } from '../optimizers/adamw';
import type { LearningRateSchedule } from '../schedules/learning-rate-schedule';
import { trainStep, type TrainStepResult } from '../train-step';
import { checkpointFolder, listCheckpoints, removeFolderAtomic, TRAINER_STATE_FILE, writeFolderAtomic } from './checkpoint-folder';
import { renderLossCurveSvg } from './loss-curve-svg';
import { formatProgressLine, type ProgressReporter, type ProgressSnapshot } from './progress-reporter';
import type { RunFiles } from './run-files';
import type { TrainerEvent } from './trainer-events';
import type { ResolvedTrainerOptions } from './trainer-options';
import { trainerStateToJson, type LogEntry, type TrainerState, type TrainerStateSettings } from './trainer-state';

const { writeFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const { basename, join } = nodeModule<typeof import('node:path')>('node:path');

/** What `Trainer.fit()` resolves to. */
export interface TrainResult {
  readonly globalStep: number;
  readonly epoch: number;
  /** Mean loss over every update of the run, resumed parts included (HF `train_loss`). */
  readonly trainingLoss: number;
  /** The final model's evaluation (`eval_`-prefixed), after reloading the best model when asked. */
  readonly metrics: Readonly<Record<string, number>> | undefined;
  readonly bestMetric: number | undefined;
  readonly bestModelCheckpoint: string | undefined;
  readonly stoppedEarly: boolean;
  readonly logHistory: readonly LogEntry[];
}

/** The fixed facts of one `fit()` call. */
export interface TrainingRunPlan {
  readonly model: TrainableModel;
  readonly options: ResolvedTrainerOptions;
  readonly optimizer: AdamW;
  readonly schedule: LearningRateSchedule;
  readonly state: TrainerState;
  readonly files: RunFiles | undefined;
  /** Console feedback; undefined when quiet or when a logger takes the events. */
  readonly reporter: ProgressReporter | undefined;
  readonly batchesPerEpoch: number;
  readonly epochs: number;
  readonly totalSteps: number;
}

/**
 * The loop of one `fit()`: HF Trainer's order per update (train step, log, evaluate, save) and per epoch end
 * (evaluate, save), with early stopping and the end-of-run files. Mutates `plan.state` as it goes.
 */
export class TrainingRun {
  private readonly plan: TrainingRunPlan;
  private readonly state: TrainerState;
  private readonly options: ResolvedTrainerOptions;
  private stoppedEarly = false;
  private lastMetrics: Record<string, number> | undefined;
  private trainingMilliseconds = 0;
  private examplesThisRun = 0;
  private stepsThisRun = 0;
  private readonly startedAt = performance.now();

  constructor(plan: TrainingRunPlan) {
    this.plan = plan;
    this.state = plan.state;
    this.options = plan.options;
  }

  async execute(): Promise<TrainResult> {
    const { options, state, plan } = this;
    const accumulation = options.gradientAccumulationSteps;
    let stop = this.reachedEnd();
    for (let epoch = state.position.epoch; epoch < plan.epochs && !stop; epoch += 1) {
      // Resuming mid-epoch: the data order is a function of (epoch, seed), so skipping reproduces the position.
      const skip = epoch === state.position.epoch ? state.position.batchesDone : 0;
      let consumed = 0;
      let window: Batch[] = [];
      let interrupted = false;
      for (const batch of options.trainingData.batches(epoch, options.seed)) {
        consumed += 1;
        if (consumed <= skip) continue;
        window.push(batch);
        if (window.length < accumulation) continue;
        stop = await this.update(window, epoch, consumed);
        window = [];
        if (stop) {
          interrupted = true;
          break;
        }
      }
      // The last, shorter accumulation window of an epoch still makes an update (HF does the same).
      if (!interrupted && window.length > 0) stop = await this.update(window, epoch, consumed);
      if (!this.stoppedEarly) stop = (await this.endEpoch(epoch, !interrupted)) || stop;
    }
    return this.finish();
  }

  private reachedEnd(): boolean {
    return this.stoppedEarly || this.state.globalStep >= this.plan.totalSteps;
  }

  private async update(batches: Batch[], epoch: number, consumed: number): Promise<boolean> {
    const { state, plan, options } = this;
    const started = performance.now();
    const result = await trainStep({
      model: plan.model,
      batches,
      optimizer: plan.optimizer,
      schedule: plan.schedule,
      step: state.globalStep,
      maxGradNorm: options.maxGradNorm,
      seed: options.seed,
    });
    this.trainingMilliseconds += performance.now() - started;
    this.examplesThisRun += result.examples;
    this.stepsThisRun += 1;
    state.globalStep += 1;
    state.position = { epoch, batchesDone: consumed };
    state.epoch = epoch + consumed / plan.batchesPerEpoch;
    state.pendingLossSum += result.loss;
    state.pendingSteps += 1;
    state.totalLossSum += result.loss;

    const snapshot = this.snapshot(result);
    this.emit({ type: 'step', ...snapshot, gradNorm: result.gradNorm });
    plan.reporter?.update(snapshot);
    if (state.globalStep % options.logEvery === 0 || (options.logFirstStep && state.globalStep === 1)) await this.logTraining(result, snapshot);
    if (typeof options.evalEvery === 'number' && state.globalStep % options.evalEvery === 0) await this.evaluate();
    if (typeof options.saveEvery === 'number' && state.globalStep % options.saveEvery === 0) await this.save();
    return this.reachedEnd();
  }

  private async endEpoch(epoch: number, exhausted: boolean): Promise<boolean> {
    const { state, options } = this;
    if (exhausted) {
      // Recorded as "next epoch, nothing consumed", so a resumed run does not repeat this epoch's end.
      state.position = { epoch: epoch + 1, batchesDone: 0 };
      state.epoch = epoch + 1;
    }
    if (options.evalEvery === 'epoch' && state.lastEvaluationStep !== state.globalStep) await this.evaluate();
    if (options.saveEvery === 'epoch') await this.save();
    return this.reachedEnd();
  }

  private async logTraining(result: TrainStepResult, snapshot: ProgressSnapshot): Promise<void> {
    const { state } = this;
    const entry: LogEntry = {
      loss: state.pendingLossSum / state.pendingSteps,
      // HF logs grad_norm only when it clips (max_grad_norm > 0); trainStep leaves it NaN otherwise.
      ...(Number.isNaN(result.gradNorm) ? {} : { grad_norm: result.gradNorm }),
      learning_rate: result.learningRate,
      epoch: state.epoch,
      step: state.globalStep,
    };
    state.pendingLossSum = 0;
    state.pendingSteps = 0;
    await this.log(entry);
    // A TTY already shows the live line; elsewhere this periodic line is the progress.
    if (this.plan.reporter !== undefined && !this.plan.reporter.isTTY) this.plan.reporter.line(formatProgressLine({ ...snapshot, loss: entry.loss ?? snapshot.loss }));
  }

  private async evaluate(): Promise<void> {
    const { state, options } = this;
    const metrics = await this.runEvaluation();
    state.lastEvaluationStep = state.globalStep;
    this.lastMetrics = metrics;
    await this.log({ ...metrics, epoch: state.epoch, step: state.globalStep });

    const value = metrics[options.metricForBestModel];
    const tracksBest = options.loadBestModelAtEnd || options.earlyStoppingPatience !== undefined;
    if (value === undefined && tracksBest) {
      throw new InvalidConfigError({
        path: 'metricForBestModel',
        expected: `one of the evaluation metrics (${Object.keys(metrics).join(', ')})`,
        received: options.metricForBestModel,
      });
    }
    let isBest = false;
    if (value !== undefined && !Number.isNaN(value)) {
      const best = state.bestMetric;
      isBest = best === undefined || (options.greaterIsBetter ? value > best : value < best);
      if (options.earlyStoppingPatience !== undefined) {
        // HF EarlyStoppingCallback: an improvement must also beat the threshold.
        const improved = best === undefined || (isBest && Math.abs(value - best) > options.earlyStoppingThreshold);
        state.earlyStoppingPatienceCounter = improved ? 0 : state.earlyStoppingPatienceCounter + 1;
        if (state.earlyStoppingPatienceCounter >= options.earlyStoppingPatience) this.stoppedEarly = true;
      }
      if (isBest) {
        state.bestMetric = value;
        state.bestStep = state.globalStep;
      }
    }
    this.emit({ type: 'evaluate', step: state.globalStep, epoch: state.epoch, metrics, isBest });
    const shown = Object.entries(metrics).map(([name, metric]) => `${name} ${formatMetric(metric)}`).join(', ');
    this.plan.reporter?.line(`eval @ step ${state.globalStep} (epoch ${state.epoch.toFixed(2)}): ${shown}${isBest ? ' [best]' : ''}`);
    // The best model must be reloadable, whatever saveEvery says.
    if (isBest && options.loadBestModelAtEnd) await this.save();
    if (this.stoppedEarly) {
      this.emit({ type: 'early-stop', step: state.globalStep, patience: options.earlyStoppingPatience ?? 0 });
      this.plan.reporter?.line(`early stopping at step ${state.globalStep}: no improvement of ${options.metricForBestModel} in ${options.earlyStoppingPatience} evaluations`);
    }
  }

  private async runEvaluation(): Promise<Record<string, number>> {
    const evaluate = this.options.evaluate;
    if (evaluate === undefined) return {};
    const raw: unknown = await evaluate(this.plan.model);
    if (typeof raw !== 'object' || raw === null) throw new InvalidConfigError({ path: 'evaluate()', expected: 'a record of numbers', received: raw });
    const metrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== 'number') throw new InvalidConfigError({ path: `evaluate().${name}`, expected: 'a number', received: value });
      metrics[name.startsWith('eval_') ? name : `eval_${name}`] = value;
    }
    return metrics;
  }

  private async save(): Promise<void> {
    const { state, plan, options } = this;
    if (plan.files === undefined || state.lastSaveStep === state.globalStep) return;
    const folder = checkpointFolder(plan.files.outputDir, state.globalStep);
    const saved: TrainerState = {
      ...state,
      lastSaveStep: state.globalStep,
      bestModelCheckpoint: state.bestStep === state.globalStep ? folder : state.bestModelCheckpoint,
    };
    const optimizerState = await plan.optimizer.exportState();
    const stateJson = trainerStateToJson(saved, this.settings());
    await writeFolderAtomic(folder, async (temporary) => {
      await plan.model.saveCheckpoint(temporary);
      await writeAdamWState(join(temporary, 'optimizer.safetensors'), optimizerState);
      // Last, so that a folder holding it is a whole checkpoint (`listCheckpoints`).
      await writeFile(join(temporary, TRAINER_STATE_FILE), `${JSON.stringify(stateJson, null, 2)}\n`);
    });
    state.lastSaveStep = saved.lastSaveStep;
    state.bestModelCheckpoint = saved.bestModelCheckpoint;
    this.emit({ type: 'checkpoint', step: state.globalStep, folder });
    plan.reporter?.line(`saved ${folder}`);
    await this.rotateCheckpoints(options.saveTotalLimit);
  }

  /** Keeps the newest `limit` checkpoints and the best one (HF `save_total_limit`). */
  private async rotateCheckpoints(limit: number): Promise<void> {
    const { files } = this.plan;
    if (files === undefined) return;
    const checkpoints = await listCheckpoints(files.outputDir);
    const best = this.state.bestModelCheckpoint === undefined ? undefined : basename(this.state.bestModelCheckpoint);
    for (const checkpoint of checkpoints.slice(0, Math.max(0, checkpoints.length - limit))) {
      if (basename(checkpoint.folder) !== best) await removeFolderAtomic(checkpoint.folder);
    }
  }

  private async finish(): Promise<TrainResult> {
    const { state, plan, options } = this;
    plan.reporter?.finish();
    let reloaded = false;
    if (options.loadBestModelAtEnd && state.bestModelCheckpoint !== undefined) {
      await plan.model.loadCheckpoint(state.bestModelCheckpoint);
      reloaded = true;
      this.emit({ type: 'best-model-loaded', folder: state.bestModelCheckpoint, metric: state.bestMetric });
      plan.reporter?.line(`loaded the best model from ${state.bestModelCheckpoint} (${options.metricForBestModel} ${formatMetric(state.bestMetric ?? Number.NaN)})`);
    }
    let metrics: Record<string, number> | undefined;
    if (options.evaluate !== undefined) {
      // Reuse the last evaluation when it saw exactly the final weights.
      const current = !reloaded && state.lastEvaluationStep === state.globalStep ? this.lastMetrics : undefined;
      metrics = current ?? (await this.runEvaluation());
    }
    const seconds = (performance.now() - this.startedAt) / 1000;
    const trainingLoss = state.globalStep === 0 ? Number.NaN : state.totalLossSum / state.globalStep;
    await this.log({
      train_runtime: seconds,
      train_samples_per_second: this.examplesThisRun / Math.max(seconds, 1e-9),
      train_steps_per_second: this.stepsThisRun / Math.max(seconds, 1e-9),
      train_loss: trainingLoss,
      epoch: state.epoch,
      step: state.globalStep,
    });
    if (plan.files !== undefined) {
      await plan.files.writeJson('trainer_state.json', trainerStateToJson(state, this.settings()));
      if (metrics !== undefined) await plan.files.writeJson('eval_results.json', { ...metrics, epoch: state.epoch });
      const metric = options.evaluate === undefined ? undefined : options.metricForBestModel in (metrics ?? {}) ? options.metricForBestModel : undefined;
      await plan.files.writeText('loss-curve.svg', renderLossCurveSvg(state.logHistory, { metric }));
    }
    plan.reporter?.line(`done: ${state.globalStep} steps, epoch ${state.epoch.toFixed(2)}, train_loss ${formatMetric(trainingLoss)}${this.stoppedEarly ? ' (stopped early)' : ''}`);
    return {
      globalStep: state.globalStep,
      epoch: state.epoch,
      trainingLoss,
      metrics,
      bestMetric: state.bestMetric,
      bestModelCheckpoint: state.bestModelCheckpoint,
      stoppedEarly: this.stoppedEarly,
      logHistory: state.logHistory,
    };
  }

  private async log(entry: LogEntry): Promise<void> {
    this.state.logHistory.push(entry);
    await this.plan.files?.appendLog(entry);
    this.emit({ type: 'log', entry });
  }

  private snapshot(result: TrainStepResult): ProgressSnapshot {
    const seconds = this.trainingMilliseconds / 1000;
    return {
      step: this.state.globalStep,
      totalSteps: this.plan.totalSteps,
      epoch: this.state.epoch,
      loss: result.loss,
      learningRate: result.learningRate,
      examplesPerSecond: seconds > 0 ? this.examplesThisRun / seconds : 0,
      secondsRemaining: this.stepsThisRun > 0 ? ((this.plan.totalSteps - this.state.globalStep) * seconds) / this.stepsThisRun : undefined,
    };
  }

  private settings(): TrainerStateSettings {
    const { options, plan } = this;
    return {
      maxSteps: plan.totalSteps,
      epochs: plan.epochs,
      logEvery: options.logEvery,
      evalEvery: options.evalEvery,
      saveEvery: options.saveEvery,
      earlyStoppingPatience: options.earlyStoppingPatience,
      earlyStoppingThreshold: options.earlyStoppingThreshold,
    };
  }

  private emit(event: TrainerEvent): void {
    this.options.logger?.(event);
  }
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
