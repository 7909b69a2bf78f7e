import { describe, expect, it } from 'vitest';
import { createBpeMerger } from './bpe-merger';
import type { Merge } from './parse-merges';

/** The slow Python `bpe()` of GPT-2: merge every occurrence of the best-ranked pair, rescan, repeat. */
function slowBpe(word: string, merges: readonly Merge[]): string[] {
  const ranks = new Map(merges.map(([left, right], rank) => [`${left} ${right}`, rank]));
  let symbols = Array.from(word);
  for (;;) {
    let best: [string, string] | undefined;
    let bestRank = Infinity;
    for (let index = 0; index + 1 < symbols.length; index++) {
      const rank = ranks.get(`${symbols[index]} ${symbols[index + 1]}`);
      if (rank !== undefined && rank < bestRank) [bestRank, best] = [rank, [symbols[index] as string, symbols[index + 1] as string]];
    }
    if (best === undefined) return symbols;
    const merged: string[] = [];
    for (let index = 0; index < symbols.length; index++) {
      if (symbols[index] === best[0] && symbols[index + 1] === best[1]) merged.push(best[0] + best[1]), index++;
      else merged.push(symbols[index] as string);
    }
    symbols = merged;
  }
}

/** A seeded generator (mulberry32), so the random cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('createBpeMerger', () => {
  it('merges the best-ranked pair first, everywhere it occurs', () => {
    const merger = createBpeMerger([['l', 'o'], ['lo', 'w'], ['e', 'r'], ['low', 'er']]);
    expect(merger.merge('lower')).toEqual(['lower']);
    expect(merger.merge('lowlow')).toEqual(['low', 'low']);
    expect(merger.merge('xlo')).toEqual(['x', 'lo']);
  });

  it('respects ranks over position', () => {
    const merger = createBpeMerger([['b', 'c'], ['a', 'b']]);
    expect(merger.merge('abc')).toEqual(['a', 'bc']);
  });

  it('merges overlapping pairs left to right', () => {
    expect(createBpeMerger([['a', 'a']]).merge('aaa')).toEqual(['aa', 'a']);
  });

  it('returns single characters when nothing merges, and caches results', () => {
    const merger = createBpeMerger([]);
    expect(merger.merge('xyz')).toEqual(['x', 'y', 'z']);
    expect(merger.merge('xyz')).toBe(merger.merge('xyz'));
    expect(merger.merge('')).toEqual([]);
  });

  it('gives the slow Python bpe() result on 300 random words over random merge tables in training order', () => {
    const next = random(19);
    for (let table = 0; table < 30; table++) {
      // Merges in training order: each new token is built from tokens that already exist.
      const tokens = ['a', 'b', 'c', 'd'];
      const merges: Merge[] = [];
      for (let count = 0; count < 25; count++) {
        const left = tokens[Math.floor(next() * tokens.length)] as string;
        const right = tokens[Math.floor(next() * tokens.length)] as string;
        if (merges.some(([l, r]) => l === left && r === right)) continue;
        merges.push([left, right]);
        tokens.push(left + right);
      }
      const merger = createBpeMerger(merges);
      for (let word = 0; word < 10; word++) {
        const text = Array.from({ length: 1 + Math.floor(next() * 40) }, () => 'abcd'[Math.floor(next() * 4)]).join('');
        expect(merger.merge(text), `${text} with ${JSON.stringify(merges)}`).toEqual(slowBpe(text, merges));
      }
    }
  });
});
