import type { Merge } from './parse-merges';

/** Applies BPE merges by rank to one word; results are cached per word. */
export interface BpeMerger {
  merge(word: string): readonly string[];
}

// Bounded like the Rust tokenizers' cache, so a long stream of unique words cannot grow memory forever.
const CACHE_LIMIT = 10_000;

const SEPARATOR = ' ';

/** Builds the rank table once; `merge` is HF's slow `bpe()`: merge every occurrence of the best-ranked pair. */
export function createBpeMerger(merges: readonly Merge[]): BpeMerger {
  const ranks = new Map<string, number>();
  merges.forEach(([left, right], rank) => {
    const key = left + SEPARATOR + right;
    if (!ranks.has(key)) ranks.set(key, rank);
  });
  const cache = new Map<string, readonly string[]>();

  return {
    merge(word: string): readonly string[] {
      const cached = cache.get(word);
      if (cached !== undefined) return cached;
      const result = mergeWord(Array.from(word), ranks);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, result);
      return result;
    },
  };
}

function mergeWord(initial: string[], ranks: ReadonlyMap<string, number>): string[] {
  let symbols = initial;
  while (symbols.length > 1) {
    let bestRank = Infinity;
    let bestLeft = '';
    let bestRight = '';
    for (let index = 0; index < symbols.length - 1; index += 1) {
      const left = symbols[index] ?? '';
      const right = symbols[index + 1] ?? '';
      const rank = ranks.get(left + SEPARATOR + right);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestLeft = left;
        bestRight = right;
      }
    }
    if (bestRank === Infinity) break;
    const merged: string[] = [];
    for (let index = 0; index < symbols.length; ) {
      const symbol = symbols[index] ?? '';
      if (symbol === bestLeft && index < symbols.length - 1 && symbols[index + 1] === bestRight) {
        merged.push(bestLeft + bestRight);
        index += 2;
      } else {
        merged.push(symbol);
        index += 1;
      }
    }
    symbols = merged;
  }
  return symbols;
}
