import { InvalidConfigError } from '@adapters/core';

/** The HF `lr_scheduler_type` values this package implements, in kebab case. */
export type LearningRateScheduleKind = 'linear' | 'constant' | 'constant-with-warmup' | 'cosine';

/** Every supported schedule kind. */
export const LEARNING_RATE_SCHEDULE_KINDS: readonly LearningRateScheduleKind[] = ['linear', 'constant', 'constant-with-warmup', 'cosine'];

/** What `createLearningRateSchedule` needs. */
export interface LearningRateScheduleOptions {
  /** Default 'linear' (HF's default). HF's snake-case spelling (`constant_with_warmup`) is accepted too. */
  readonly kind?: LearningRateScheduleKind;
  /** The peak learning rate. */
  readonly learningRate: number;
  /** Optimizer steps in the whole run (needed by 'linear' and 'cosine'). */
  readonly totalSteps: number;
  /** Default 0. Ignored by 'constant'. */
  readonly warmupSteps?: number;
  /** Cosine waves over the decay phase. Default 0.5 (one half wave down to 0, as HF). */
  readonly cycles?: number;
}

/** A learning rate per optimizer step, as HF's `LambdaLR` schedules give it (step 0 is the first update). */
export interface LearningRateSchedule {
  readonly kind: LearningRateScheduleKind;
  readonly learningRate: number;
  readonly totalSteps: number;
  readonly warmupSteps: number;
  /** The learning rate of the update with 0-based index `step`. */
  learningRateAt(step: number): number;
}

/**
 * Builds one of HF's schedules (`get_linear_schedule_with_warmup`, `get_constant_schedule`,
 * `get_constant_schedule_with_warmup`, `get_cosine_schedule_with_warmup`): during warmup the rate rises
 * linearly from 0 (`step / warmup`), then 'linear' falls to 0 at `totalSteps`, 'cosine' follows a half cosine.
 */
export function createLearningRateSchedule(options: LearningRateScheduleOptions): LearningRateSchedule {
  const kind = normalizeScheduleKind(options.kind ?? 'linear');
  const learningRate = options.learningRate;
  if (!(Number.isFinite(learningRate) && learningRate >= 0)) {
    throw new InvalidConfigError({ path: 'learningRate', expected: 'a finite number >= 0', received: learningRate });
  }
  const totalSteps = options.totalSteps;
  if (!(Number.isInteger(totalSteps) && totalSteps >= 0)) {
    throw new InvalidConfigError({ path: 'totalSteps', expected: 'a non-negative integer', received: totalSteps });
  }
  const warmupSteps = kind === 'constant' ? 0 : (options.warmupSteps ?? 0);
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) {
    throw new InvalidConfigError({ path: 'warmupSteps', expected: 'a non-negative integer', received: warmupSteps });
  }
  const cycles = options.cycles ?? 0.5;
  if (!(Number.isFinite(cycles) && cycles > 0)) throw new InvalidConfigError({ path: 'cycles', expected: 'a number > 0', received: cycles });

  const factor = (step: number): number => {
    if (kind === 'constant') return 1;
    // HF divides by max(1, warmup), so warmup 0 skips straight to the decay phase.
    if (step < warmupSteps) return step / Math.max(1, warmupSteps);
    if (kind === 'constant-with-warmup') return 1;
    if (kind === 'linear') return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
  };

  return {
    kind,
    learningRate,
    totalSteps,
    warmupSteps,
    learningRateAt(step: number): number {
      if (!(Number.isInteger(step) && step >= 0)) throw new InvalidConfigError({ path: 'step', expected: 'a non-negative integer', received: step });
      return learningRate * factor(step);
    },
  };
}

/** Accepts kebab or HF snake-case spellings; anything else is an `InvalidConfigError`. */
export function normalizeScheduleKind(kind: string): LearningRateScheduleKind {
  const normalized = kind.replaceAll('_', '-');
  const match = LEARNING_RATE_SCHEDULE_KINDS.find((candidate) => candidate === normalized);
  if (match === undefined) {
    throw new InvalidConfigError({ path: 'schedule', expected: LEARNING_RATE_SCHEDULE_KINDS.map((name) => `'${name}'`).join(' | '), received: kind });
  }
  return match;
}

/** HF `get_warmup_steps`: explicit steps win, else `ceil(totalSteps · ratio)`. */
export function resolveWarmupSteps(totalSteps: number, warmupSteps: number | undefined, warmupRatio: number | undefined): number {
  if (warmupSteps !== undefined && warmupSteps > 0) return warmupSteps;
  return Math.ceil(totalSteps * (warmupRatio ?? 0));
}
