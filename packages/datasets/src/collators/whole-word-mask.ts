import type { SeededRandom } from '../random/seeded-random';

/** What `wholeWordMaskPositions` needs to know about ids, and its PRNG. */
export interface WholeWordMaskOptions {
  readonly isSpecial: (id: number) => boolean;
  /** Whether a token continues the previous word (WordPiece '##piece'). */
  readonly isContinuation: (id: number) => boolean;
  readonly probability: number;
  readonly random: SeededRandom;
  /** HF's `max_predictions`. Default 512. */
  readonly maxPredictions?: number;
}

/**
 * Positions to predict in one unpadded row, by HF `DataCollatorForWholeWordMask._whole_word_mask`: group
 * each token with the continuation pieces after it, shuffle the groups, and take whole groups while they fit
 * into round(probability × row length) positions (Python's round, half to even; at least 1, at most
 * `maxPredictions`). HF leaves out only [CLS] and [SEP] as candidates and later unmasks the other special
 * tokens it picked (such as [UNK]); here every special token is left out up front, so the budget goes to
 * real words. Returns positions in ascending order.
 */
export function wholeWordMaskPositions(ids: ArrayLike<number>, options: WholeWordMaskOptions): number[] {
  const groups: number[][] = [];
  for (let position = 0; position < ids.length; position += 1) {
    const id = ids[position] ?? 0;
    if (options.isSpecial(id)) continue;
    const last = groups[groups.length - 1];
    if (last !== undefined && options.isContinuation(id)) last.push(position);
    else groups.push([position]);
  }
  shuffleInPlace(groups, options.random);
  const budget = Math.min(options.maxPredictions ?? 512, Math.max(1, roundHalfToEven(ids.length * options.probability)));
  const chosen: number[] = [];
  for (const group of groups) {
    if (chosen.length >= budget) break;
    if (chosen.length + group.length > budget) continue;
    chosen.push(...group);
  }
  return chosen.sort((left, right) => left - right);
}

/** Python 3's `round`: halves go to the even neighbour. */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function shuffleInPlace<T>(items: T[], random: SeededRandom): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = random.nextInt(index + 1);
    const held = items[index] as T;
    items[index] = items[other] as T;
    items[other] = held;
  }
}
