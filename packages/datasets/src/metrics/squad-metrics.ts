import { InvalidConfigError } from '@adapters/core';

const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** The official SQuAD `normalize_answer`: lower case, drop ASCII punctuation, the articles a/an/the, and extra whitespace. */
export function normalizeAnswer(text: string): string {
  const lower = text.toLowerCase();
  const withoutPunctuation = [...lower].filter((character) => !PUNCTUATION.has(character)).join('');
  // Python 3's \b is Unicode-aware: 'é' is a word character there, not in a plain JS regex.
  const withoutArticles = withoutPunctuation.replace(/(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu, ' ');
  // Python's str.split() splits on any whitespace run and drops empty pieces.
  return withoutArticles.split(/\s+/).filter((word) => word !== '').join(' ');
}

/** 1 when the normalized texts are equal. */
export function exactMatchScore(prediction: string, gold: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(gold) ? 1 : 0;
}

/** Token-overlap F1 of the normalized texts; an empty side (no answer) scores 1 only against another empty side (v2 script). */
export function answerF1Score(prediction: string, gold: string): number {
  const predicted = normalizeAnswer(prediction).split(' ').filter((word) => word !== '');
  const expected = normalizeAnswer(gold).split(' ').filter((word) => word !== '');
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const word of expected) counts.set(word, (counts.get(word) ?? 0) + 1);
  let common = 0;
  for (const word of predicted) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(word, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/** One question of the gold set: its id and answers (none for an unanswerable v2 question). */
export interface SquadReference {
  readonly id: string;
  readonly answers: readonly string[];
}

/**
 * The official SQuAD evaluation (`evaluate-v2.0.py`, which equals v1.1's on answerable questions): per
 * question the best EM and F1 over its gold answers (gold answers that normalize to nothing are dropped; none
 * left means the right prediction is the empty string), averaged and scaled to 0-100. A question without a
 * prediction scores 0, as in the script.
 */
export function squadEvaluate(references: readonly SquadReference[], predictions: ReadonlyMap<string, string> | Readonly<Record<string, string>>): { exact_match: number; f1: number; total: number } {
  if (references.length === 0) throw new InvalidConfigError({ path: 'references', expected: 'at least one question', received: 0 });
  const predictionOf = (id: string): string | undefined => (predictions instanceof Map ? predictions.get(id) : (predictions as Readonly<Record<string, string>>)[id]);
  let exact = 0;
  let f1 = 0;
  for (const reference of references) {
    const prediction = predictionOf(reference.id);
    if (prediction === undefined) continue;
    const golds = reference.answers.filter((answer) => normalizeAnswer(answer) !== '');
    const candidates = golds.length === 0 ? [''] : golds;
    exact += Math.max(...candidates.map((gold) => exactMatchScore(prediction, gold)));
    f1 += Math.max(...candidates.map((gold) => answerF1Score(prediction, gold)));
  }
  return { exact_match: (100 * exact) / references.length, f1: (100 * f1) / references.length, total: references.length };
}
