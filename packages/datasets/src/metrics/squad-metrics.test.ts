import { describe, expect, it } from 'vitest';
import { answerF1Score, exactMatchScore, normalizeAnswer, squadEvaluate } from './squad-metrics';

describe('SQuAD metrics', () => {
  it('normalizeAnswer: lower case, no punctuation, no articles, single spaces', () => {
    expect(normalizeAnswer('The  Denver Broncos!')).toBe('denver broncos');
    expect(normalizeAnswer('an apple, a pear & the plum.')).toBe('apple pear plum');
    expect(normalizeAnswer('Theatre')).toBe('theatre');
    expect(normalizeAnswer("Saint-Bernard's")).toBe('saintbernards');
    expect(normalizeAnswer('  \t\n ')).toBe('');
    // Unicode word characters border articles as in Python 3: 'éa' keeps its a.
    expect(normalizeAnswer('éa a')).toBe('éa');
    // Non-ASCII punctuation is kept, as string.punctuation is ASCII only.
    expect(normalizeAnswer('6½ “sacks”')).toBe('6½ “sacks”');
  });

  it('exact match and token F1, hand-computed', () => {
    expect(exactMatchScore('the Broncos', 'Denver Broncos')).toBe(0);
    expect(exactMatchScore('The Broncos.', 'broncos')).toBe(1);
    // pred [denver broncos team], gold [denver broncos]: p 2/3, r 1, f1 0.8.
    expect(answerF1Score('Denver Broncos team', 'the Denver Broncos')).toBeCloseTo(0.8, 12);
    // Repeated tokens count per occurrence: [x x y] vs [x y y] share one x and one y, so p = r = f1 = 2/3.
    expect(answerF1Score('x x y', 'x y y')).toBeCloseTo(2 / 3, 12);
    expect(answerF1Score('cat', 'dog')).toBe(0);
    expect(answerF1Score('', '')).toBe(1);
    expect(answerF1Score('something', '')).toBe(0);
  });

  it('squadEvaluate takes the max over gold answers, scales to 100, and scores v2 no-answer questions', () => {
    const references = [
      { id: 'q1', answers: ['Denver Broncos', 'the Broncos'] },
      { id: 'q2', answers: ['308'] },
      { id: 'q3', answers: [] },
      { id: 'q4', answers: ['Paris'] },
    ];
    const result = squadEvaluate(references, { q1: 'Broncos', q2: '308 points', q3: '', q4: '' });
    // q1: 'broncos' equals normalize('the Broncos') → EM 1, F1 1. q2: EM 0, p 1/2, r 1 → F1 2/3.
    // q3 (no answer) predicted '' → 1 and 1. q4: '' against 'Paris' → 0 and 0. EM 2/4, F1 (1 + 2/3 + 1 + 0)/4.
    expect(result.exact_match).toBeCloseTo(50, 10);
    expect(result.f1).toBeCloseTo((100 * (1 + 2 / 3 + 1 + 0)) / 4, 10);
    expect(result.total).toBe(4);
    // Empty-answer baseline on answerable questions: 0 / 0. A missing prediction scores 0.
    expect(squadEvaluate([{ id: 'a', answers: ['x'] }], new Map([['a', '']]))).toMatchObject({ exact_match: 0, f1: 0 });
    expect(squadEvaluate([{ id: 'a', answers: ['x'] }], {})).toMatchObject({ exact_match: 0, f1: 0 });
  });
});
