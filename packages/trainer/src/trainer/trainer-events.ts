import type { LogEntry } from './trainer-state';

/** After every optimizer update. */
export interface StepEvent {
  readonly type: 'step';
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly learningRate: number;
  readonly examplesPerSecond: number;
  readonly secondsRemaining: number | undefined;
}

/** A new `log_history` entry (training logs every `logEvery` steps, evaluations, the final summary). */
export interface LogEvent {
  readonly type: 'log';
  readonly entry: LogEntry;
}

/** An evaluation finished; metrics are `eval_`-prefixed. */
export interface EvaluateEvent {
  readonly type: 'evaluate';
  readonly step: number;
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** True when this evaluation set a new best `metricForBestModel`. */
  readonly isBest: boolean;
}

/** A checkpoint folder was written (atomically). */
export interface CheckpointEvent {
  readonly type: 'checkpoint';
  readonly step: number;
  readonly folder: string;
}

/** Early stopping ended the run. */
export interface EarlyStopEvent {
  readonly type: 'early-stop';
  readonly step: number;
  readonly patience: number;
}

/** The best checkpoint was loaded back into the model. */
export interface BestModelLoadedEvent {
  readonly type: 'best-model-loaded';
  readonly folder: string;
  readonly metric: number | undefined;
}

/** Everything a `TrainerLogger` can receive, discriminated by `type`. */
export type TrainerEvent = StepEvent | LogEvent | EvaluateEvent | CheckpointEvent | EarlyStopEvent | BestModelLoadedEvent;

/** Receives every event; when given, it replaces the default console output. */
export type TrainerLogger = (event: TrainerEvent) => void;
