import * as tfCore from '@tensorflow/tfjs-core';

/** Element-wise closeness as in the fixtures: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

export interface CloseReport {
  readonly ok: boolean;
  readonly worstIndex: number;
  readonly worstActual: number;
  readonly worstExpected: number;
  /** The largest `|a - e| - (atol + rtol |e|)`; <= 0 when everything passes. */
  readonly worstExcess: number;
  readonly maxAbsDiff: number;
}

export function compareClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): CloseReport {
  let worstIndex = -1;
  let worstExcess = -Infinity;
  let maxAbsDiff = 0;
  for (let index = 0; index < expected.length; index++) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    const diff = Math.abs(a - e);
    const excess = Number.isNaN(diff) ? Infinity : diff - (tolerance.atol + tolerance.rtol * Math.abs(e));
    if (diff > maxAbsDiff || Number.isNaN(diff)) maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstIndex = index;
    }
  }
  return {
    ok: actual.length === expected.length && worstExcess <= 0,
    worstIndex,
    worstActual: worstIndex >= 0 ? (actual[worstIndex] as number) : NaN,
    worstExpected: worstIndex >= 0 ? (expected[worstIndex] as number) : NaN,
    worstExcess,
    maxAbsDiff,
  };
}

/** `max |a - b|` as a number, with every intermediate tensor released. */
export function maxAbsDifference(a: tfCore.Tensor, b: tfCore.Tensor): number {
  return tfCore.tidy(() => tfCore.max(tfCore.abs(tfCore.sub(a, b))).dataSync()[0] as number);
}
