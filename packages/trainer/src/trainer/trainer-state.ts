import { FileFormatError } from '@adapters/core';

/** One `log_history` entry: numbers keyed by HF's names (`loss`, `learning_rate`, `eval_accuracy`, `epoch`, `step`, ...). */
export type LogEntry = Readonly<Record<string, number>>;

/** Where the data order stands: `batchesDone` batches of epoch `epoch` are consumed. */
export interface DataPosition {
  readonly epoch: number;
  readonly batchesDone: number;
}

/**
 * Everything a run needs to continue exactly, plus HF's `trainer_state.json` fields. Mutated by the trainer
 * as it goes; serialised with `trainerStateToJson`.
 */
export interface TrainerState {
  globalStep: number;
  /** Fractional epoch, as HF logs it. */
  epoch: number;
  position: DataPosition;
  logHistory: LogEntry[];
  bestMetric: number | undefined;
  bestStep: number | undefined;
  bestModelCheckpoint: string | undefined;
  earlyStoppingPatienceCounter: number;
  /** Loss sum and step count since the last `loss` log entry (so a resumed run logs the same averages). */
  pendingLossSum: number;
  pendingSteps: number;
  /** Sum of every step's loss (HF's `train_loss` is this over `globalStep`). */
  totalLossSum: number;
  lastEvaluationStep: number | undefined;
  lastSaveStep: number | undefined;
}

/** The settings recorded next to the state, as HF records them. */
export interface TrainerStateSettings {
  readonly maxSteps: number;
  readonly epochs: number;
  readonly logEvery: number;
  readonly evalEvery: number | 'epoch' | undefined;
  readonly saveEvery: number | 'epoch' | 'never';
  readonly earlyStoppingPatience: number | undefined;
  readonly earlyStoppingThreshold: number;
}

/** The state of a run that has not taken a step yet. */
export function createTrainerState(): TrainerState {
  return {
    globalStep: 0,
    epoch: 0,
    position: { epoch: 0, batchesDone: 0 },
    logHistory: [],
    bestMetric: undefined,
    bestStep: undefined,
    bestModelCheckpoint: undefined,
    earlyStoppingPatienceCounter: 0,
    pendingLossSum: 0,
    pendingSteps: 0,
    totalLossSum: 0,
    lastEvaluationStep: undefined,
    lastSaveStep: undefined,
  };
}

/** HF's `trainer_state.json` layout (snake_case), with this trainer's resume fields under `resume`. */
export function trainerStateToJson(state: TrainerState, settings: TrainerStateSettings): Record<string, unknown> {
  return {
    best_metric: state.bestMetric ?? null,
    best_model_checkpoint: state.bestModelCheckpoint ?? null,
    epoch: state.epoch,
    global_step: state.globalStep,
    log_history: state.logHistory,
    logging_steps: settings.logEvery,
    eval_steps: settings.evalEvery ?? null,
    save_steps: settings.saveEvery,
    max_steps: settings.maxSteps,
    num_train_epochs: settings.epochs,
    stateful_callbacks: {
      EarlyStoppingCallback: {
        args: { early_stopping_patience: settings.earlyStoppingPatience ?? null, early_stopping_threshold: settings.earlyStoppingThreshold },
        attributes: { early_stopping_patience_counter: state.earlyStoppingPatienceCounter },
      },
    },
    resume: {
      data_epoch: state.position.epoch,
      data_batches_done: state.position.batchesDone,
      scheduler_step: state.globalStep,
      best_step: state.bestStep ?? null,
      pending_loss_sum: state.pendingLossSum,
      pending_steps: state.pendingSteps,
      total_loss_sum: state.totalLossSum,
      last_evaluation_step: state.lastEvaluationStep ?? null,
      last_save_step: state.lastSaveStep ?? null,
    },
  };
}

/** Parses `trainerStateToJson` output back; `file` names the source in errors. */
export function trainerStateFromJson(json: unknown, file: string): TrainerState {
  const root = asObject(json, file, undefined);
  const resume = asObject(root.resume, file, 'resume');
  const callbacks = asObject(root.stateful_callbacks ?? {}, file, 'stateful_callbacks');
  const earlyStopping = callbacks.EarlyStoppingCallback === undefined ? {} : asObject(callbacks.EarlyStoppingCallback, file, 'stateful_callbacks.EarlyStoppingCallback');
  const attributes = earlyStopping.attributes === undefined ? {} : asObject(earlyStopping.attributes, file, 'EarlyStoppingCallback.attributes');
  const logHistory = root.log_history;
  if (!Array.isArray(logHistory)) throw new FileFormatError({ file, field: 'log_history', message: 'is not an array' });
  return {
    globalStep: integer(root.global_step, file, 'global_step'),
    epoch: number(root.epoch, file, 'epoch'),
    position: { epoch: integer(resume.data_epoch, file, 'resume.data_epoch'), batchesDone: integer(resume.data_batches_done, file, 'resume.data_batches_done') },
    logHistory: logHistory.map((entry, index) => logEntry(entry, file, `log_history[${index}]`)),
    bestMetric: optionalNumber(root.best_metric, file, 'best_metric'),
    bestStep: optionalNumber(resume.best_step, file, 'resume.best_step'),
    bestModelCheckpoint: typeof root.best_model_checkpoint === 'string' ? root.best_model_checkpoint : undefined,
    earlyStoppingPatienceCounter: integer(attributes.early_stopping_patience_counter ?? 0, file, 'early_stopping_patience_counter'),
    pendingLossSum: lossNumber(resume.pending_loss_sum, file, 'resume.pending_loss_sum'),
    pendingSteps: integer(resume.pending_steps, file, 'resume.pending_steps'),
    totalLossSum: lossNumber(resume.total_loss_sum, file, 'resume.total_loss_sum'),
    lastEvaluationStep: optionalNumber(resume.last_evaluation_step, file, 'resume.last_evaluation_step'),
    lastSaveStep: optionalNumber(resume.last_save_step, file, 'resume.last_save_step'),
  };
}

function asObject(value: unknown, file: string, field: string | undefined): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FileFormatError({ file, field, message: 'is not a JSON object (is this a checkpoint written by @adapters/trainer?)' });
  }
  return value as Record<string, unknown>;
}

function number(value: unknown, file: string, field: string): number {
  if (typeof value !== 'number') throw new FileFormatError({ file, field, message: 'is not a number' });
  return value;
}

/** JSON writes NaN and Infinity as null; a diverged loss must not make the checkpoint unreadable. */
function lossNumber(value: unknown, file: string, field: string): number {
  return value === null ? Number.NaN : number(value, file, field);
}

function integer(value: unknown, file: string, field: string): number {
  if (!Number.isInteger(value)) throw new FileFormatError({ file, field, message: 'is not an integer' });
  return value as number;
}

function optionalNumber(value: unknown, file: string, field: string): number | undefined {
  return value === null || value === undefined ? undefined : number(value, file, field);
}

function logEntry(value: unknown, file: string, field: string): LogEntry {
  const entry = asObject(value, file, field);
  const parsed: Record<string, number> = {};
  for (const [key, item] of Object.entries(entry)) parsed[key] = lossNumber(item, file, `${field}.${key}`);
  return parsed;
}
