import { InvalidConfigError } from '@adapters/core';
import type { QuestionAnsweringFeatures } from './question-answering-features';

export interface PostprocessOptions {
  /** Best start and end logits considered per window. Default 20. */
  readonly nBestSize?: number;
  /** Longest answer in tokens. Default 30. */
  readonly maxAnswerLength?: number;
  /** SQuAD v2: predict no answer ('') when the null score beats the best span by more than `nullScoreDiffThreshold`. Default false. */
  readonly versionTwoWithNegative?: boolean;
  /** Default 0. */
  readonly nullScoreDiffThreshold?: number;
}

export interface AnswerPrediction {
  readonly id: string;
  /** The answer text, a slice of the context; '' for no answer. */
  readonly text: string;
  /** start + end logit of the chosen span (or of the null answer). */
  readonly score: number;
  /** null score minus the best span's score (v2's `null_odds`); undefined when no window gave a span. */
  readonly nullScoreDiff: number | undefined;
}

/**
 * HF run_qa's `postprocess_qa_predictions`: for each example, over all its windows, the `nBestSize` best start
 * and end logits are paired; spans outside the context, reversed, or longer than `maxAnswerLength` are
 * skipped; the best start + end score wins. The null score is the smallest [CLS] start + end over the windows.
 * `startLogits` / `endLogits` hold one row of `rowLength` values per window, in window order.
 */
export function postprocessQuestionAnsweringPredictions(
  features: QuestionAnsweringFeatures,
  startLogits: Float32Array,
  endLogits: Float32Array,
  rowLength: number | Int32Array,
  options: PostprocessOptions = {},
): AnswerPrediction[] {
  const nBestSize = options.nBestSize ?? 20;
  const maxAnswerLength = options.maxAnswerLength ?? 30;
  for (const [name, value] of [['nBestSize', nBestSize], ['maxAnswerLength', maxAnswerLength]] as const) {
    if (!(Number.isInteger(value) && value > 0)) throw new InvalidConfigError({ path: name, expected: 'a positive integer', received: value });
  }
  const windows = features.store.size;
  const rowStart = (window: number): number => (typeof rowLength === 'number' ? window * rowLength : (rowLength[window] ?? 0));
  const expected = typeof rowLength === 'number' ? windows * rowLength : (rowLength[windows] ?? 0);
  if (startLogits.length !== expected || endLogits.length !== expected) {
    throw new InvalidConfigError({ path: 'startLogits.length', expected: `${expected} logits (one row per window)`, received: startLogits.length });
  }
  const best = features.examples.map(() => ({ text: '', score: -Infinity, nullScore: Infinity }));
  for (let window = 0; window < windows; window += 1) {
    const example = features.examples[features.exampleIndex[window] ?? 0];
    const result = best[features.exampleIndex[window] ?? 0];
    if (example === undefined || result === undefined) continue;
    const base = rowStart(window);
    const tokens = features.store.lengthOf(window);
    const tokenBase = features.store.offsets[window] ?? 0;
    result.nullScore = Math.min(result.nullScore, (startLogits[base] ?? 0) + (endLogits[base] ?? 0));
    const startIndexes = topIndexes(startLogits, base, tokens, nBestSize);
    const endIndexes = topIndexes(endLogits, base, tokens, nBestSize);
    for (const start of startIndexes) {
      const startChar = features.offsets[2 * (tokenBase + start)] ?? -1;
      if (startChar < 0) continue;
      for (const end of endIndexes) {
        const endChar = features.offsets[2 * (tokenBase + end) + 1] ?? -1;
        if (endChar < 0 || end < start || end - start + 1 > maxAnswerLength) continue;
        const score = (startLogits[base + start] ?? 0) + (endLogits[base + end] ?? 0);
        if (score > result.score) {
          result.score = score;
          result.text = example.context.slice(startChar, endChar);
        }
      }
    }
  }
  const threshold = options.nullScoreDiffThreshold ?? 0;
  return features.examples.map((example, index) => {
    const result = best[index] ?? { text: '', score: -Infinity, nullScore: Infinity };
    const nullScoreDiff = Number.isFinite(result.score) ? result.nullScore - result.score : undefined;
    if (options.versionTwoWithNegative === true && (nullScoreDiff === undefined || nullScoreDiff > threshold)) {
      return { id: example.id, text: '', score: result.nullScore, nullScoreDiff };
    }
    return { id: example.id, text: result.text, score: result.score, nullScoreDiff };
  });
}

/** Positions of the `count` largest values of `values[base, base + length)`, best first (ties: lower position first). */
function topIndexes(values: Float32Array, base: number, length: number, count: number): number[] {
  const positions = Array.from({ length }, (_, index) => index);
  positions.sort((left, right) => (values[base + right] ?? 0) - (values[base + left] ?? 0) || left - right);
  return positions.slice(0, count);
}
