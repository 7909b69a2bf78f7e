import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@adapters/core';
import { createLearningRateSchedule, normalizeScheduleKind, resolveWarmupSteps } from './learning-rate-schedule';

function rates(kind: Parameters<typeof createLearningRateSchedule>[0]['kind'], totalSteps: number, warmupSteps: number): number[] {
  const schedule = createLearningRateSchedule({ kind, learningRate: 1e-3, totalSteps, warmupSteps });
  return Array.from({ length: totalSteps }, (_, step) => schedule.learningRateAt(step));
}

describe('createLearningRateSchedule', () => {
  it('gives the train_trace fixture rates for linear warmup 2 over 5 steps', () => {
    const expected = [0, 5e-4, 1e-3, 6.667e-4, 3.333e-4];
    rates('linear', 5, 2).forEach((rate, step) => expect(rate).toBeCloseTo(expected[step] ?? Number.NaN, 7));
  });

  it('linear without warmup starts at the peak and reaches 0 at totalSteps', () => {
    const schedule = createLearningRateSchedule({ learningRate: 0.1, totalSteps: 4 });
    expect([0, 1, 2, 3, 4, 9].map((step) => schedule.learningRateAt(step))).toEqual([0.1, 0.075, 0.05, 0.025, 0, 0].map((rate) => expect.closeTo(rate, 12)));
  });

  it('constant ignores warmup; constant-with-warmup ramps and then holds', () => {
    expect(rates('constant', 4, 2)).toEqual([1e-3, 1e-3, 1e-3, 1e-3]);
    expect(rates('constant-with-warmup', 5, 4)).toEqual([0, 2.5e-4, 5e-4, 7.5e-4, 1e-3].map((rate) => expect.closeTo(rate, 12)));
  });

  it('cosine follows HF half-wave after warmup', () => {
    const values = rates('cosine', 6, 2);
    expect(values[0]).toBe(0);
    expect(values[1]).toBeCloseTo(5e-4, 12);
    expect(values[2]).toBeCloseTo(1e-3, 12);
    // progress 1/4 → 0.5·(1 + cos(π/4)); progress 1/2 → 0.5.
    expect(values[3]).toBeCloseTo(1e-3 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(values[4]).toBeCloseTo(5e-4, 12);
    expect(createLearningRateSchedule({ kind: 'cosine', learningRate: 1, totalSteps: 6, warmupSteps: 2 }).learningRateAt(6)).toBeCloseTo(0, 12);
  });

  it('accepts HF snake-case names and resolves warmup from a ratio like HF', () => {
    expect(normalizeScheduleKind('constant_with_warmup')).toBe('constant-with-warmup');
    expect(() => normalizeScheduleKind('polynomial')).toThrow(InvalidConfigError);
    expect(resolveWarmupSteps(105, undefined, 0.1)).toBe(11);
    expect(resolveWarmupSteps(105, 3, 0.1)).toBe(3);
    expect(resolveWarmupSteps(105, undefined, undefined)).toBe(0);
  });

  it('rejects invalid numbers', () => {
    expect(() => createLearningRateSchedule({ learningRate: -1, totalSteps: 3 })).toThrow(InvalidConfigError);
    expect(() => createLearningRateSchedule({ learningRate: 1, totalSteps: 2.5 })).toThrow(InvalidConfigError);
    expect(() => createLearningRateSchedule({ learningRate: 1, totalSteps: 3 }).learningRateAt(-1)).toThrow(InvalidConfigError);
  });
});
