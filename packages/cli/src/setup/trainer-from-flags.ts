import { existsSync } from 'node:fs';
import { InvalidConfigError, type TrainableModel } from '@adapters/core';
import { Trainer, type EvaluateFunction, type FitOptions, type TrainerOptions, type TrainingDataSource } from '@adapters/trainer';
import type { ParsedFlags } from '../arguments/flag-spec';
import type { TRAINING_FLAGS } from '../flags/training-flags';
import type { CommandContext } from './command-context';

export type TrainingFlagValues = ParsedFlags<typeof TRAINING_FLAGS>;

// Trainer option → the flag that sets it, so a value the trainer refuses is reported by its flag.
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  epochs: 'num_train_epochs',
  maxSteps: 'max_steps',
  learningRate: 'learning_rate',
  weightDecay: 'weight_decay',
  warmupSteps: 'warmup_steps',
  warmupRatio: 'warmup_ratio',
  schedule: 'lr_scheduler_type',
  gradientAccumulationSteps: 'gradient_accumulation_steps',
  seed: 'seed',
  evalEvery: 'eval_steps',
  earlyStoppingPatience: 'early_stopping_patience',
  earlyStoppingThreshold: 'early_stopping_threshold',
  metricForBestModel: 'metric_for_best_model',
  loadBestModelAtEnd: 'load_best_model_at_end',
  saveEvery: 'save_steps',
  saveTotalLimit: 'save_total_limit',
  logEvery: 'logging_steps',
  logFirstStep: 'logging_first_step',
  evaluate: 'do_eval',
  resumeFrom: 'resume_from_checkpoint',
  cacheFrozenLayers: 'cache_frozen_layers',
};

/** When to evaluate during training, from `--evaluation_strategy`, `--evaluate_during_training` and `--eval_steps`. */
export function evaluationSchedule(flags: TrainingFlagValues): 'epoch' | number | undefined {
  const strategy = flags.evaluationStrategy ?? (flags.evaluateDuringTraining || flags.evalSteps !== undefined ? 'steps' : flags.doEval ? 'epoch' : 'no');
  if (strategy === 'no') return undefined;
  if (strategy === 'epoch') return 'epoch';
  return flags.evalSteps ?? flags.loggingSteps;
}

/** Whether the flags ask for evaluation at all (the dev data is then needed). */
export function wantsEvaluation(flags: TrainingFlagValues): boolean {
  return flags.doEval || evaluationSchedule(flags) !== undefined || flags.earlyStoppingPatience !== undefined || flags.loadBestModelAtEnd;
}

/**
 * A `Trainer` configured from the HF training flags. `evaluate` runs on the dev set; commands pass it when
 * `wantsEvaluation(flags)`.
 */
export function trainerFromFlags(
  model: TrainableModel,
  flags: TrainingFlagValues,
  setup: { trainingData: TrainingDataSource; evaluate: EvaluateFunction | undefined; adapterTraining: boolean; cacheFrozenLayers?: number | undefined },
  context: CommandContext,
): Trainer {
  const maxSteps = flags.maxSteps > 0 ? flags.maxSteps : fractionalEpochSteps(flags, setup.trainingData);
  const evalEvery = evaluationSchedule(flags);
  const saveStrategy = flags.saveStrategy ?? (flags.saveSteps !== undefined ? 'steps' : 'epoch');
  const options: TrainerOptions = {
    trainingData: setup.trainingData,
    evaluate: setup.evaluate,
    evalEvery: setup.evaluate === undefined ? undefined : evalEvery,
    // With a step budget the epoch count is not used (HF accepts any value then).
    epochs: maxSteps === undefined ? flags.numTrainEpochs : Math.max(1, Math.ceil(flags.numTrainEpochs)),
    maxSteps,
    learningRate: flags.learningRate,
    weightDecay: flags.weightDecay,
    adamBeta1: flags.adamBeta1,
    adamBeta2: flags.adamBeta2,
    adamEpsilon: flags.adamEpsilon,
    warmupSteps: flags.warmupSteps,
    warmupRatio: flags.warmupRatio,
    schedule: flags.lrSchedulerType as TrainerOptions['schedule'],
    maxGradNorm: flags.maxGradNorm,
    gradientAccumulationSteps: flags.gradientAccumulationSteps,
    seed: flags.seed,
    earlyStoppingPatience: flags.earlyStoppingPatience,
    earlyStoppingThreshold: flags.earlyStoppingThreshold,
    metricForBestModel: flags.metricForBestModel,
    greaterIsBetter: flags.greaterIsBetter,
    loadBestModelAtEnd: flags.loadBestModelAtEnd,
    outputDir: flags.outputDir,
    saveEvery: saveStrategy === 'no' ? 'never' : saveStrategy === 'epoch' || flags.saveSteps === undefined ? 'epoch' : flags.saveSteps,
    saveTotalLimit: flags.saveTotalLimit,
    logEvery: flags.loggingSteps,
    logFirstStep: flags.loggingFirstStep,
    adapterTraining: setup.adapterTraining,
    cacheFrozenLayers: setup.cacheFrozenLayers,
    quiet: flags.disableTqdm,
    logger: context.trainerLogger,
  };
  try {
    return new Trainer(model, options);
  } catch (error) {
    throw renameOptionError(error);
  }
}

/**
 * HF's budget for a fractional `--num_train_epochs`: ceil(epochs × updates per epoch) updates (`max_steps`),
 * e.g. 0.5 epochs of 63 updates train 32. Whole epochs need no step budget (undefined).
 */
export function fractionalEpochSteps(flags: TrainingFlagValues, trainingData: TrainingDataSource): number | undefined {
  if (Number.isInteger(flags.numTrainEpochs) || trainingData.length === undefined) return undefined;
  const updatesPerEpoch = Math.ceil(trainingData.length / flags.gradientAccumulationSteps);
  return Math.max(1, Math.ceil(flags.numTrainEpochs * updatesPerEpoch));
}

/** `--resume_from_checkpoint` → what `fit({ resumeFrom })` takes. */
export function resumeFromFlag(value: string | undefined): FitOptions['resumeFrom'] {
  if (value === undefined || value === '') return undefined;
  if (/^(latest|true)$/i.test(value)) return true;
  if (!existsSync(value)) {
    throw new InvalidConfigError({ path: '--resume_from_checkpoint', expected: "a checkpoint folder (checkpoint-<step>) or 'latest'", received: value });
  }
  return value;
}

/** Runs `fit`, reporting option errors by their flag. */
export async function fitWithFlags(trainer: Trainer, resumeFrom: FitOptions['resumeFrom']): Promise<Awaited<ReturnType<Trainer['fit']>>> {
  try {
    return await trainer.fit({ resumeFrom });
  } catch (error) {
    throw renameOptionError(error);
  }
}

function renameOptionError(error: unknown): unknown {
  if (!(error instanceof InvalidConfigError)) return error;
  const flag = FLAG_OF_OPTION[error.path];
  if (flag === undefined) return error;
  return new InvalidConfigError({ path: `--${flag}`, expected: error.expected, received: error.received, cause: error });
}
