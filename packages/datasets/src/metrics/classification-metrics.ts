import { InvalidConfigError } from '@adapters/core';
import { checkMetricInputs } from './check-metric-inputs';

/** Share of predictions equal to their label (HF `simple_accuracy`). Throws on empty or unequal inputs. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkMetricInputs(predictions, labels);
  let correct = 0;
  for (let index = 0; index < labels.length; index += 1) if (predictions[index] === labels[index]) correct += 1;
  return correct / labels.length;
}

/**
 * Binary F1 of the positive class 1, as sklearn's `f1_score(labels, predictions)`: 2·TP / (2·TP + FP + FN).
 * With no positive label and no positive prediction F1 is undefined; sklearn then returns 0 (its default
 * `zero_division`), and so does this. Values other than 0 and 1 throw, as sklearn's binary average does.
 */
export function f1Score(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkMetricInputs(predictions, labels);
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (let index = 0; index < labels.length; index += 1) {
    const predicted = binary(predictions[index], `predictions[${index}]`);
    const actual = binary(labels[index], `labels[${index}]`);
    if (predicted === 1 && actual === 1) truePositives += 1;
    else if (predicted === 1) falsePositives += 1;
    else if (actual === 1) falseNegatives += 1;
  }
  const denominator = 2 * truePositives + falsePositives + falseNegatives;
  return denominator === 0 ? 0 : (2 * truePositives) / denominator;
}

/** Accuracy, F1 and their mean (HF `acc_and_f1`, the MRPC and QQP metric). */
export function accuracyAndF1(predictions: ArrayLike<number>, labels: ArrayLike<number>): { acc: number; f1: number; acc_and_f1: number } {
  const acc = accuracy(predictions, labels);
  const f1 = f1Score(predictions, labels);
  return { acc, f1, acc_and_f1: (acc + f1) / 2 };
}

/**
 * Matthews correlation coefficient with sklearn's `matthews_corrcoef` formula, which covers two or more
 * classes (Gorodkin's R_K; GLUE scores CoLA with it, and the diagnostic set with its 3-class form):
 * (c·s − Σ p_k·t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)), with c correct, s samples, p_k / t_k predicted / true
 * counts of class k. When the denominator is 0 (all labels or all predictions one class) sklearn returns 0,
 * and so does this.
 */
export function matthewsCorrelation(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkMetricInputs(predictions, labels);
  const predictedCounts = new Map<number, number>();
  const trueCounts = new Map<number, number>();
  let correct = 0;
  for (let index = 0; index < labels.length; index += 1) {
    const predicted = classId(predictions[index], `predictions[${index}]`);
    const actual = classId(labels[index], `labels[${index}]`);
    predictedCounts.set(predicted, (predictedCounts.get(predicted) ?? 0) + 1);
    trueCounts.set(actual, (trueCounts.get(actual) ?? 0) + 1);
    if (predicted === actual) correct += 1;
  }
  const samples = labels.length;
  let predictedTimesTrue = 0;
  for (const [label, count] of predictedCounts) predictedTimesTrue += count * (trueCounts.get(label) ?? 0);
  const sumOfSquares = (counts: Map<number, number>): number => [...counts.values()].reduce((sum, count) => sum + count * count, 0);
  const covariance = correct * samples - predictedTimesTrue;
  const predictedVariance = samples * samples - sumOfSquares(predictedCounts);
  const trueVariance = samples * samples - sumOfSquares(trueCounts);
  const product = predictedVariance * trueVariance;
  return product === 0 ? 0 : covariance / Math.sqrt(product);
}

function binary(value: number | undefined, path: string): 0 | 1 {
  if (value === 0 || value === 1) return value;
  throw new InvalidConfigError({ path, expected: 'a binary class id, 0 or 1 (F1 of the positive class 1)', received: value });
}

function classId(value: number | undefined, path: string): number {
  if (value !== undefined && Number.isInteger(value)) return value;
  throw new InvalidConfigError({ path, expected: 'an integer class id', received: value });
}
