import type { Merge } from './parse-merges';

/** Applies BPE merges by rank to one word; results are cached per word. */
export interface BpeMerger {
  merge(word: string): readonly string[];
}

// Bounded like the Rust tokenizers' cache, so a long stream of unique words cannot grow memory forever.
const CACHE_LIMIT = 10_000;

const SEPARATOR = ' ';

/**
 * Builds the rank table once; `merge` applies the merges as HF tokenizers' `Word::merge_all` does: a priority
 * queue of adjacent pairs ordered by (rank, position), so a word of n symbols costs O(n log n), not the
 * O(n^2) of the slow Python `bpe()` loop (same result for merges in training order).
 */
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

/** A min-heap of candidate merges, packed as (rank, left position) pairs. */
class MergeQueue {
  private readonly ranks: number[] = [];
  private readonly positions: number[] = [];

  get size(): number {
    return this.ranks.length;
  }

  push(rank: number, position: number): void {
    const { ranks, positions } = this;
    let index = ranks.length;
    ranks.push(rank);
    positions.push(position);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  /** Removes and returns the smallest entry. */
  pop(): { rank: number; position: number } {
    const { ranks, positions } = this;
    const top = { rank: ranks[0] as number, position: positions[0] as number };
    const lastRank = ranks.pop() as number;
    const lastPosition = positions.pop() as number;
    if (ranks.length > 0) {
      ranks[0] = lastRank;
      positions[0] = lastPosition;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < ranks.length && this.less(left, smallest)) smallest = left;
        if (right < ranks.length && this.less(right, smallest)) smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const rankA = this.ranks[a] as number;
    const rankB = this.ranks[b] as number;
    return rankA < rankB || (rankA === rankB && (this.positions[a] as number) < (this.positions[b] as number));
  }

  private swap(a: number, b: number): void {
    const { ranks, positions } = this;
    [ranks[a], ranks[b]] = [ranks[b] as number, ranks[a] as number];
    [positions[a], positions[b]] = [positions[b] as number, positions[a] as number];
  }
}

function mergeWord(initial: string[], ranks: ReadonlyMap<string, number>): string[] {
  const count = initial.length;
  if (count < 2) return initial;
  // A doubly linked list over the symbols; merged-away symbols become null.
  const symbols: Array<string | null> = initial.slice();
  const previous = Int32Array.from({ length: count }, (_, index) => index - 1);
  const next = Int32Array.from({ length: count }, (_, index) => (index + 1 < count ? index + 1 : -1));
  const queue = new MergeQueue();
  const rankAt = (position: number): number | undefined => {
    const right = next[position] as number;
    if (right === -1) return undefined;
    return ranks.get(`${symbols[position]}${SEPARATOR}${symbols[right]}`);
  };
  for (let position = 0; position < count - 1; position += 1) {
    const rank = rankAt(position);
    if (rank !== undefined) queue.push(rank, position);
  }
  while (queue.size > 0) {
    const { rank, position } = queue.pop();
    // Stale entries: the left symbol was merged away, or the pair changed since it was queued.
    if (symbols[position] === null || rankAt(position) !== rank) continue;
    const right = next[position] as number;
    symbols[position] = `${symbols[position]}${symbols[right]}`;
    symbols[right] = null;
    const after = next[right] as number;
    next[position] = after;
    if (after !== -1) previous[after] = position;
    const before = previous[position] as number;
    if (before !== -1) {
      const beforeRank = rankAt(before);
      if (beforeRank !== undefined) queue.push(beforeRank, before);
    }
    const afterRank = rankAt(position);
    if (afterRank !== undefined) queue.push(afterRank, position);
  }
  const result: string[] = [];
  for (let position = 0; position !== -1; position = next[position] as number) result.push(symbols[position] as string);
  return result;
}
