import { checkMetricInputs } from './check-metric-inputs';

/**
 * Pearson's r, as scipy's `pearsonr(predictions, labels)[0]`: computed in float64 on mean-centred values and
 * clipped to [-1, 1]. A constant input has no correlation: scipy returns NaN (with a warning), so does this.
 * Needs at least 2 values (scipy raises below that).
 */
export function pearsonCorrelation(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkMetricInputs(predictions, labels, 2);
  // scipy tests for constant input exactly; a mean-centred sum of squares may be a rounding error above 0.
  if (isConstant(predictions) || isConstant(labels)) return Number.NaN;
  const count = labels.length;
  let predictionMean = 0;
  let labelMean = 0;
  for (let index = 0; index < count; index += 1) {
    predictionMean += predictions[index] ?? 0;
    labelMean += labels[index] ?? 0;
  }
  predictionMean /= count;
  labelMean /= count;
  let covariance = 0;
  let predictionSquares = 0;
  let labelSquares = 0;
  for (let index = 0; index < count; index += 1) {
    const x = (predictions[index] ?? 0) - predictionMean;
    const y = (labels[index] ?? 0) - labelMean;
    covariance += x * y;
    predictionSquares += x * x;
    labelSquares += y * y;
  }
  const r = covariance / Math.sqrt(predictionSquares * labelSquares);
  return Math.max(-1, Math.min(1, r));
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let index = 1; index < values.length; index += 1) if (values[index] !== values[0]) return false;
  return true;
}

/**
 * Spearman's rho, as scipy's `spearmanr(predictions, labels)[0]`: Pearson's r of the ranks, tied values
 * sharing the average of their ranks (`rankdata(method='average')`). A constant input gives NaN, as in scipy.
 */
export function spearmanCorrelation(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkMetricInputs(predictions, labels, 2);
  return pearsonCorrelation(averageRanks(predictions), averageRanks(labels));
}

/** 1-based ranks; a run of tied values gets the mean of the ranks it spans (scipy `rankdata`, 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, index) => index);
  order.sort((left, right) => (values[left] ?? 0) - (values[right] ?? 0));
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end] ?? 0] === values[order[start] ?? 0]) end += 1;
    // Positions start..end-1 hold equal values: ranks start+1..end, whose mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let position = start; position < end; position += 1) ranks[order[position] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

/** Pearson, Spearman and their mean (HF `pearson_and_spearman`, the STS-B metric). */
export function pearsonAndSpearman(predictions: ArrayLike<number>, labels: ArrayLike<number>): { pearson: number; spearmanr: number; corr: number } {
  const pearson = pearsonCorrelation(predictions, labels);
  const spearmanr = spearmanCorrelation(predictions, labels);
  return { pearson, spearmanr, corr: (pearson + spearmanr) / 2 };
}
