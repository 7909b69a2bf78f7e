import { InvalidConfigError } from '../errors/invalid-config-error';
import type { BottleneckConfig } from './bottleneck-config';
import { SIZE_LIMITS } from './size-limits';

/**
 * The bottleneck width of layer `layer`: `int(hiddenSize // rf)`, at least 1, where rf comes from the
 * per-layer map `{"<layer>": rf, "default": rf}` when `reductionFactor` is one (rf < 1 widens).
 */
export function bottleneckSize(config: Pick<BottleneckConfig, 'reductionFactor'>, hiddenSize: number, layer: number): number {
  if (!Number.isInteger(hiddenSize) || hiddenSize < 1) {
    throw new InvalidConfigError({ path: 'hiddenSize', expected: 'an integer >= 1', received: hiddenSize });
  }
  const reductionFactor = reductionFactorOfLayer(config.reductionFactor, layer);
  if (!(Number.isFinite(reductionFactor) && reductionFactor > 0)) {
    throw new InvalidConfigError({ path: 'reductionFactor', expected: 'a number > 0', received: reductionFactor });
  }
  const size = Math.max(1, pythonFloorDivide(hiddenSize, reductionFactor));
  if (!(size <= SIZE_LIMITS.width)) {
    throw new InvalidConfigError({ path: 'reductionFactor', expected: `a factor giving a bottleneck of at most ${SIZE_LIMITS.width} (hidden size ${hiddenSize})`, received: reductionFactor });
  }
  return size;
}

function reductionFactorOfLayer(reductionFactor: BottleneckConfig['reductionFactor'], layer: number): number {
  if (typeof reductionFactor === 'number') return reductionFactor;
  const perLayer = reductionFactor[String(layer)] ?? reductionFactor.default;
  if (perLayer === undefined) {
    throw new InvalidConfigError({
      path: 'reductionFactor',
      expected: `an entry for layer "${layer}" or a "default" entry`,
      received: reductionFactor,
    });
  }
  return perLayer;
}

/** Python's `a // b` for floats (via fmod, so 1 // 0.1 == 9 as in Python, where floor(1 / 0.1) == 10). */
function pythonFloorDivide(dividend: number, divisor: number): number {
  const remainder = dividend % divisor;
  let quotient = (dividend - remainder) / divisor;
  if (remainder !== 0 && divisor < 0 !== remainder < 0) quotient -= 1;
  const floored = Math.floor(quotient);
  return quotient - floored > 0.5 ? floored + 1 : floored;
}
