import { InvalidConfigError } from '@adapters/core';
import { epochSeed, SeededRandom } from '../random/seeded-random';

/** How an epoch is cut into batches. */
export interface BatchingOptions {
  readonly batchSize: number;
  /** Shuffle every epoch (seeded). Default false: rows in file order. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; each epoch derives its own from it. Default 0. */
  readonly seed?: number;
  /** Leave out a last batch smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean;
  /**
   * Length bucketing (HF `group_by_length`): rows of similar length share a batch, so dynamic padding wastes
   * little. Needs row lengths. Default false.
   */
  readonly groupByLength?: boolean;
  /** With `groupByLength` and `shuffle`: rows are sorted by length within groups of this many batches. Default 50 (HF). */
  readonly megabatchFactor?: number;
}

/**
 * The row indices of every batch of one epoch. `rows` is a row count, or the row lengths when
 * `groupByLength` is on. Without shuffling the order is the file order (or, when grouping by length, longest
 * first). With shuffling the rows are permuted by a seeded PRNG; when grouping by length, each megabatch of
 * `batchSize × megabatchFactor` rows is sorted longest first, cut into batches, and the batch order shuffled.
 */
export function batchIndices(rows: number | ArrayLike<number>, options: BatchingOptions, epoch = 0): Int32Array[] {
  const { batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new InvalidConfigError({ path: 'batchSize', expected: 'a positive integer', received: batchSize });
  if (!(Number.isInteger(epoch) && epoch >= 0)) throw new InvalidConfigError({ path: 'epoch', expected: 'a non-negative integer', received: epoch });
  const lengths = typeof rows === 'number' ? undefined : rows;
  const count = typeof rows === 'number' ? rows : rows.length;
  if (!(Number.isInteger(count) && count >= 0)) throw new InvalidConfigError({ path: 'rows', expected: 'a row count (a non-negative integer) or row lengths', received: rows });
  const groupByLength = options.groupByLength === true;
  if (groupByLength && lengths === undefined) {
    throw new InvalidConfigError({ path: 'rows', expected: 'the row lengths (an array) when groupByLength is on', received: count });
  }
  const megabatchFactor = options.megabatchFactor ?? 50;
  if (!(Number.isInteger(megabatchFactor) && megabatchFactor > 0)) {
    throw new InvalidConfigError({ path: 'megabatchFactor', expected: 'a positive integer', received: megabatchFactor });
  }

  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new InvalidConfigError({ path: 'seed', expected: 'a safe integer', received: seed });

  const order = new Int32Array(count);
  for (let index = 0; index < count; index += 1) order[index] = index;
  const random = options.shuffle === true ? new SeededRandom(epochSeed(seed, epoch)) : undefined;
  random?.shuffle(order);
  if (groupByLength && lengths !== undefined) {
    const span = random === undefined ? count : batchSize * megabatchFactor;
    for (let start = 0; start < count; start += span) sortLongestFirst(order.subarray(start, Math.min(count, start + span)), lengths);
  }

  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const batch = order.slice(start, Math.min(count, start + batchSize));
    if (batch.length < batchSize && options.dropLast === true) break;
    batches.push(batch);
  }
  // Sorted megabatches would otherwise always start with the longest batch.
  if (groupByLength && random !== undefined) shuffleBatches(batches, random);
  return batches;
}

function sortLongestFirst(indices: Int32Array, lengths: ArrayLike<number>): void {
  // Stable: equal lengths keep their (shuffled or file) order.
  const sorted = Array.from(indices).sort((left, right) => (lengths[right] ?? 0) - (lengths[left] ?? 0));
  indices.set(sorted);
}

function shuffleBatches(batches: Int32Array[], random: SeededRandom): void {
  for (let index = batches.length - 1; index > 0; index -= 1) {
    const other = random.nextInt(index + 1);
    const held = batches[index] as Int32Array;
    batches[index] = batches[other] as Int32Array;
    batches[other] = held;
  }
}
