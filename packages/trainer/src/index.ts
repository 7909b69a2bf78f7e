export { AdamW, type AdamWOptions, type AdamWParameterState, type AdamWState } from './optimizers/adamw';
export { readAdamWState, writeAdamWState } from './optimizers/adamw-state-file';
export { isNoDecayParameterName, weightDecayParameterNames, type WeightDecayGroupOptions } from './optimizers/weight-decay-parameter-names';
export {
  createLearningRateSchedule,
  LEARNING_RATE_SCHEDULE_KINDS,
  normalizeScheduleKind,
  resolveWarmupSteps,
  type LearningRateSchedule,
  type LearningRateScheduleKind,
  type LearningRateScheduleOptions,
} from './schedules/learning-rate-schedule';
export { clipGradientsByGlobalNorm, clipGradientTensors, type ClippedGradients, type ClippedGradientTensors } from './gradients/clip-gradients';
export { trainStep, type TrainStepOptions, type TrainStepResult } from './train-step';
export { Trainer, type FitOptions } from './trainer/trainer';
export type { TrainResult } from './trainer/training-run';
export { DEFAULT_FROZEN_LAYER_CACHE_BYTES, DEFAULT_SAVE_TOTAL_LIMIT, resolveTrainerOptions, type EvaluateFunction, type ResolvedTrainerOptions, type TrainerOptions } from './trainer/trainer-options';
export { countEpochBatches, toTrainingDataSource, type TrainingBatches, type TrainingData, type TrainingDataSource } from './trainer/training-data';
export type {
  BestModelLoadedEvent,
  CheckpointEvent,
  EarlyStopEvent,
  EvaluateEvent,
  LogEvent,
  StepEvent,
  TrainerEvent,
  TrainerLogger,
} from './trainer/trainer-events';
export { trainerStateFromJson, trainerStateToJson, type DataPosition, type LogEntry, type TrainerState, type TrainerStateSettings } from './trainer/trainer-state';
export { checkpointFolder, listCheckpoints, writeFolderAtomic } from './trainer/checkpoint-folder';
export { formatDuration, formatProgressLine, ProgressReporter, type ProgressOutput, type ProgressSnapshot } from './trainer/progress-reporter';
export { renderLossCurveSvg, type LossCurveOptions } from './trainer/loss-curve-svg';

/** Package version, for diagnostics. */
export const VERSION = '0.0.0';
