// Plain float64 JavaScript versions of the head math, written from the formulas, for tests only.

export type Vector = number[];
export type Matrix = number[][];

/** A small seeded generator (mulberry32), so test weights are random but fixed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomVector(random: () => number, length: number, scale = 1): Vector {
  return Array.from({ length }, () => (random() * 2 - 1) * scale);
}

export function randomMatrix(random: () => number, rows: number, columns: number, scale = 1): Matrix {
  return Array.from({ length: rows }, () => randomVector(random, columns, scale));
}

/** `W x + b` with a torch `[out, in]` weight. */
export function linear(x: Vector, weight: Matrix, bias?: Vector): Vector {
  return weight.map((row, output) => row.reduce((sum, w, input) => sum + w * (x[input] as number), bias?.[output] ?? 0));
}

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), plenty for 1e-5 tolerances. */
export function erf(x: number): number {
  const sign = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - polynomial * Math.exp(-x * x));
}

export const activations: Readonly<Record<string, (x: number) => number>> = {
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

export function layerNorm(x: Vector, weight: Vector, bias: Vector, eps: number): Vector {
  const mean = x.reduce((sum, value) => sum + value, 0) / x.length;
  const variance = x.reduce((sum, value) => sum + (value - mean) ** 2, 0) / x.length;
  return x.map((value, index) => ((value - mean) / Math.sqrt(variance + eps)) * (weight[index] as number) + (bias[index] as number));
}

export function logSoftmax(row: Vector): Vector {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return row.map((value) => value - logSum);
}

/** Mean of `-log_softmax(row)[label]` over the rows whose label is not `ignoreIndex`. */
export function crossEntropy(rows: Matrix, labels: number[], ignoreIndex = -100): number {
  let total = 0;
  let count = 0;
  rows.forEach((row, index) => {
    const label = labels[index] as number;
    if (label === ignoreIndex) return;
    total -= logSoftmax(row)[label] as number;
    count += 1;
  });
  return total / count;
}

export function meanSquaredError(predictions: Vector, targets: Vector): number {
  return predictions.reduce((sum, value, index) => sum + (value - (targets[index] as number)) ** 2, 0) / predictions.length;
}

/** `-(y log σ(x) + (1 - y) log(1 - σ(x)))`, averaged. */
export function binaryCrossEntropyWithLogits(logits: Vector, targets: Vector): number {
  return (
    logits.reduce((sum, x, index) => {
      const y = targets[index] as number;
      const sigmoid = 1 / (1 + Math.exp(-x));
      return sum - (y * Math.log(sigmoid) + (1 - y) * Math.log(1 - sigmoid));
    }, 0) / logits.length
  );
}

export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = actual.length === expected.length ? 0 : Infinity;
  for (let index = 0; index < expected.length; index++) worst = Math.max(worst, Math.abs((actual[index] as number) - (expected[index] as number)));
  return worst;
}
