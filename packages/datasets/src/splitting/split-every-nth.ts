import { InvalidConfigError } from '@adapters/core';

/**
 * A deterministic train/dev split for data that ships as one file: item `i` goes to dev when
 * `groupOf(item, i) % every === every - 1`, else to train. With `groupOf` = the article, every paragraph of an
 * article lands on one side, so dev contexts are never seen in training.
 */
export function splitEveryNth<T>(items: readonly T[], every: number, groupOf: (item: T, index: number) => number = (_, index) => index): { train: T[]; dev: T[] } {
  if (!(Number.isInteger(every) && every >= 2)) throw new InvalidConfigError({ path: 'every', expected: 'an integer >= 2 (every Nth item or group goes to dev)', received: every });
  const train: T[] = [];
  const dev: T[] = [];
  items.forEach((item, index) => (groupOf(item, index) % every === every - 1 ? dev : train).push(item));
  return { train, dev };
}
