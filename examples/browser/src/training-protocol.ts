import type { Prediction } from '@adapters/auto';
import type { StepRecord, TrainReport } from './training-session';

/** The backends the example offers (the page imports both modules). */
export type ExampleBackend = 'cpu' | 'wasm';

/** Page → worker. Each request gets exactly one `result` or `error` reply with its `id`. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'open'; readonly backend: ExampleBackend; readonly baseUrl: string; readonly examples: number }
  | { readonly id: number; readonly type: 'train'; readonly steps: number }
  | { readonly id: number; readonly type: 'evaluate' }
  | { readonly id: number; readonly type: 'predict'; readonly sentences: readonly string[] }
  | { readonly id: number; readonly type: 'save' };

/** What each request answers. */
export interface WorkerResults {
  readonly open: { readonly backend: string; readonly examples: number; readonly notes: readonly string[] };
  readonly train: TrainReport;
  readonly evaluate: { readonly meanLoss: number };
  readonly predict: readonly Prediction[];
  readonly save: readonly (readonly [string, Uint8Array])[];
}

/** Worker → page: replies, and one `step` message per optimizer update while training. */
export type WorkerMessage =
  | { readonly id: number; readonly type: 'result'; readonly value: WorkerResults[keyof WorkerResults] }
  | { readonly id: number; readonly type: 'error'; readonly name: string; readonly code?: string; readonly message: string }
  | { readonly type: 'step'; readonly record: StepRecord };
