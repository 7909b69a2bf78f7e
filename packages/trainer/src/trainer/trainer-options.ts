import { InvalidConfigError, type TrainableModel } from '@adapters/core';
import { normalizeScheduleKind, type LearningRateScheduleKind } from '../schedules/learning-rate-schedule';
import type { ProgressOutput } from './progress-reporter';
import type { TrainerLogger } from './trainer-events';
import { toTrainingDataSource, type TrainingData, type TrainingDataSource } from './training-data';

/** Evaluates the model (eval mode) and returns named metrics, e.g. `{ accuracy, loss }`. */
export type EvaluateFunction = (model: TrainableModel) => Promise<Record<string, number>>;

/** HF `TrainingArguments` counterparts, camelCase; defaults are HF's unless noted. */
export interface TrainerOptions {
  readonly trainingData: TrainingData;
  readonly evaluate?: EvaluateFunction;
  /** Default 3. Ignored when `maxSteps` is given. */
  readonly epochs?: number;
  /** Total optimizer updates; overrides `epochs`. */
  readonly maxSteps?: number;
  /** Peak learning rate. Default 5e-5. */
  readonly learningRate?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  readonly adamBeta1?: number;
  readonly adamBeta2?: number;
  readonly adamEpsilon?: number;
  /** Warmup updates; when 0 or absent, `ceil(totalSteps · warmupRatio)`. */
  readonly warmupSteps?: number;
  readonly warmupRatio?: number;
  /** Default 'linear'. */
  readonly schedule?: LearningRateScheduleKind;
  /** Global-norm clipping. Default 1.0; 0 disables it. */
  readonly maxGradNorm?: number;
  /** Micro-batches per update. Default 1. */
  readonly gradientAccumulationSteps?: number;
  /** Passed to the training data each epoch. Default 42. */
  readonly seed?: number;
  /** When to evaluate: every epoch, or every N updates. Default 'epoch' when `evaluate` is given. */
  readonly evalEvery?: 'epoch' | number;
  /** Stop after this many evaluations without improvement of `metricForBestModel`. */
  readonly earlyStoppingPatience?: number;
  /** An improvement must exceed this. Default 0. */
  readonly earlyStoppingThreshold?: number;
  /** Metric that picks the best model, with or without the `eval_` prefix. Default 'loss'. */
  readonly metricForBestModel?: string;
  /** Default: false for names ending in 'loss', true otherwise (HF). */
  readonly greaterIsBetter?: boolean;
  /** Reload the best checkpoint when training ends. Needs `outputDir` and `evaluate`. */
  readonly loadBestModelAtEnd?: boolean;
  /** Where checkpoints, `log.jsonl`, `trainer_state.json`, `eval_results.json` and `loss-curve.svg` go. None: no files. */
  readonly outputDir?: string;
  /** Checkpoint every epoch, every N updates, or never (best checkpoints are still written). Default 'epoch'. */
  readonly saveEvery?: 'epoch' | number | 'never';
  /**
   * Keep at most this many checkpoints, the newest (the best one is never deleted). Default
   * `DEFAULT_SAVE_TOTAL_LIMIT` (3): with the per-epoch default, a long run keeps its last three epochs rather
   * than filling the disk (HF keeps every checkpoint unless `save_total_limit` is set).
   */
  readonly saveTotalLimit?: number;
  /** Add a training `log_history` entry every N updates. Default 50. */
  readonly logEvery?: number;
  /** HF `logging_first_step`: also log after the first update. Default false. */
  readonly logFirstStep?: boolean;
  /** AdapterTrainer semantics: refuse to train unless `model.trainsAdaptersOnly`. Default false. */
  readonly adapterTraining?: boolean;
  /** Marks LayerNorm parameters the no-decay name rule cannot recognise. */
  readonly isLayerNormParameter?: (name: string) => boolean;
  /**
   * AdapterDrop's frozen-layer cache, k: when the embeddings and layers 0..k-1 carry no trainable parameter
   * (adapters added with `leave_out` covering them), their output depends only on the example, so it is
   * computed once per example (eval mode: no dropout in those layers), kept in memory, and every training
   * forward starts at layer k. 0 caches the embedding output. Changes results only through the dropout it turns
   * off below k. Default: off. Needs a model with `enableFrozenLayerCache` (`TrainableModelWithHeads`).
   */
  readonly cacheFrozenLayers?: number;
  /** Byte budget of that cache (default `DEFAULT_FROZEN_LAYER_CACHE_BYTES`, 1 GiB); rows beyond it are recomputed. */
  readonly frozenLayerCacheBytes?: number;
  /** No console output. */
  readonly quiet?: boolean;
  /** Receives every event instead of the console. */
  readonly logger?: TrainerLogger;
  /** Console target. Default `process.stdout`. */
  readonly output?: ProgressOutput;
}

/** `TrainerOptions` with defaults applied and values checked. */
export interface ResolvedTrainerOptions {
  readonly trainingData: TrainingDataSource;
  readonly evaluate: EvaluateFunction | undefined;
  readonly epochs: number;
  readonly maxSteps: number | undefined;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly adamEpsilon: number;
  readonly warmupSteps: number | undefined;
  readonly warmupRatio: number;
  readonly schedule: LearningRateScheduleKind;
  readonly maxGradNorm: number;
  readonly gradientAccumulationSteps: number;
  readonly seed: number;
  readonly evalEvery: 'epoch' | number | undefined;
  readonly earlyStoppingPatience: number | undefined;
  readonly earlyStoppingThreshold: number;
  /** With the `eval_` prefix. */
  readonly metricForBestModel: string;
  readonly greaterIsBetter: boolean;
  readonly loadBestModelAtEnd: boolean;
  readonly outputDir: string | undefined;
  readonly saveEvery: 'epoch' | number | 'never';
  readonly saveTotalLimit: number;
  readonly logEvery: number;
  readonly logFirstStep: boolean;
  readonly adapterTraining: boolean;
  readonly isLayerNormParameter: ((name: string) => boolean) | undefined;
  readonly cacheFrozenLayers: number | undefined;
  readonly frozenLayerCacheBytes: number;
  readonly quiet: boolean;
  readonly logger: TrainerLogger | undefined;
  readonly output: ProgressOutput | undefined;
}

/** The frozen-layer cache's byte budget when `frozenLayerCacheBytes` is not given. */
export const DEFAULT_FROZEN_LAYER_CACHE_BYTES = 2 ** 30;

/** Checkpoints a `Trainer` keeps when `saveTotalLimit` is not given (the newest ones, plus the best). */
export const DEFAULT_SAVE_TOTAL_LIMIT = 3;

/** Applies defaults and validates every field; throws `InvalidConfigError` naming the field. */
export function resolveTrainerOptions(options: TrainerOptions): ResolvedTrainerOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidConfigError({ path: 'options', expected: 'an object', received: options });
  const evaluate = options.evaluate;
  if (evaluate !== undefined && typeof evaluate !== 'function') {
    throw new InvalidConfigError({ path: 'evaluate', expected: 'a function (model) => Promise<Record<string, number>>', received: typeof evaluate });
  }
  const metricName = options.metricForBestModel ?? 'loss';
  if (typeof metricName !== 'string' || metricName.length === 0) {
    throw new InvalidConfigError({ path: 'metricForBestModel', expected: 'a metric name', received: metricName });
  }
  const metricForBestModel = metricName.startsWith('eval_') ? metricName : `eval_${metricName}`;
  const evalEvery = options.evalEvery ?? (evaluate === undefined ? undefined : 'epoch');
  if (evalEvery !== undefined && evalEvery !== 'epoch') positiveInteger('evalEvery', evalEvery, "'epoch' or ");
  if (evalEvery !== undefined && evaluate === undefined) {
    throw new InvalidConfigError({ path: 'evaluate', expected: 'an evaluation function when evalEvery is set', received: undefined });
  }
  const earlyStoppingPatience = options.earlyStoppingPatience;
  if (earlyStoppingPatience !== undefined) {
    positiveInteger('earlyStoppingPatience', earlyStoppingPatience);
    if (evaluate === undefined) throw new InvalidConfigError({ path: 'evaluate', expected: 'an evaluation function when earlyStoppingPatience is set', received: undefined });
  }
  const outputDir = options.outputDir;
  if (outputDir !== undefined && (typeof outputDir !== 'string' || outputDir.length === 0)) {
    throw new InvalidConfigError({ path: 'outputDir', expected: 'a folder path', received: outputDir });
  }
  const loadBestModelAtEnd = options.loadBestModelAtEnd ?? false;
  if (loadBestModelAtEnd && (outputDir === undefined || evaluate === undefined)) {
    throw new InvalidConfigError({ path: 'loadBestModelAtEnd', expected: 'outputDir and evaluate to be set as well (the best model is reloaded from its checkpoint)', received: true });
  }
  const saveEvery = options.saveEvery ?? 'epoch';
  if (saveEvery !== 'epoch' && saveEvery !== 'never') positiveInteger('saveEvery', saveEvery, "'epoch', 'never' or ");
  if (options.saveTotalLimit !== undefined) positiveInteger('saveTotalLimit', options.saveTotalLimit);
  if (options.maxSteps !== undefined) positiveInteger('maxSteps', options.maxSteps);
  if (options.warmupSteps !== undefined) nonNegativeInteger('warmupSteps', options.warmupSteps);
  const warmupRatio = options.warmupRatio ?? 0;
  if (!(typeof warmupRatio === 'number' && warmupRatio >= 0 && warmupRatio <= 1)) {
    throw new InvalidConfigError({ path: 'warmupRatio', expected: 'a number in [0, 1]', received: warmupRatio });
  }
  const seed = options.seed ?? 42;
  if (!Number.isSafeInteger(seed)) throw new InvalidConfigError({ path: 'seed', expected: 'a safe integer', received: seed });
  return {
    trainingData: toTrainingDataSource(options.trainingData),
    evaluate,
    epochs: positiveInteger('epochs', options.epochs ?? 3),
    maxSteps: options.maxSteps,
    learningRate: nonNegativeNumber('learningRate', options.learningRate ?? 5e-5),
    weightDecay: nonNegativeNumber('weightDecay', options.weightDecay ?? 0),
    adamBeta1: options.adamBeta1 ?? 0.9,
    adamBeta2: options.adamBeta2 ?? 0.999,
    adamEpsilon: options.adamEpsilon ?? 1e-8,
    warmupSteps: options.warmupSteps,
    warmupRatio,
    schedule: normalizeScheduleKind(options.schedule ?? 'linear'),
    maxGradNorm: options.maxGradNorm ?? 1,
    gradientAccumulationSteps: positiveInteger('gradientAccumulationSteps', options.gradientAccumulationSteps ?? 1),
    seed,
    evalEvery,
    earlyStoppingPatience,
    earlyStoppingThreshold: nonNegativeNumber('earlyStoppingThreshold', options.earlyStoppingThreshold ?? 0),
    metricForBestModel,
    greaterIsBetter: options.greaterIsBetter ?? !metricForBestModel.endsWith('loss'),
    loadBestModelAtEnd,
    outputDir,
    saveEvery,
    saveTotalLimit: options.saveTotalLimit ?? DEFAULT_SAVE_TOTAL_LIMIT,
    logEvery: positiveInteger('logEvery', options.logEvery ?? 50),
    logFirstStep: options.logFirstStep ?? false,
    adapterTraining: options.adapterTraining ?? false,
    isLayerNormParameter: options.isLayerNormParameter,
    cacheFrozenLayers: options.cacheFrozenLayers === undefined ? undefined : nonNegativeInteger('cacheFrozenLayers', options.cacheFrozenLayers),
    frozenLayerCacheBytes: positiveInteger('frozenLayerCacheBytes', options.frozenLayerCacheBytes ?? DEFAULT_FROZEN_LAYER_CACHE_BYTES),
    quiet: options.quiet ?? false,
    logger: options.logger,
    output: options.output,
  };
}

function positiveInteger(path: string, value: unknown, alternatives = ''): number {
  if (!(Number.isInteger(value) && (value as number) > 0)) throw new InvalidConfigError({ path, expected: `${alternatives}a positive integer`, received: value });
  return value as number;
}

function nonNegativeInteger(path: string, value: unknown): number {
  if (!(Number.isInteger(value) && (value as number) >= 0)) throw new InvalidConfigError({ path, expected: 'a non-negative integer', received: value });
  return value as number;
}

function nonNegativeNumber(path: string, value: unknown): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw new InvalidConfigError({ path, expected: 'a finite number >= 0', received: value });
  return value;
}
