import { InvalidConfigError } from '@adapters/core';

/**
 * A small seeded PRNG (mulberry32: one 32-bit state word, period 2^32). Good enough for shuffling and
 * masking, and the same seed gives the same stream on every platform, unlike `Math.random`.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new InvalidConfigError({ path: 'seed', expected: 'a safe integer', received: seed });
    // Fold the high bits in so that seeds differing only above 2^32 still differ.
    this.state = (seed ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** A uniform integer in [0, bound); bias is below bound / 2^32. */
  nextInt(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** Fisher–Yates shuffle in place; returns its argument. */
  shuffle<Items extends number[] | Int32Array>(items: Items): Items {
    for (let index = items.length - 1; index > 0; index -= 1) {
      const other = this.nextInt(index + 1);
      const held = items[index] ?? 0;
      items[index] = items[other] ?? 0;
      items[other] = held;
    }
    return items;
  }
}

/** A seed for epoch `epoch` of a run seeded with `seed`, so every epoch shuffles differently yet reproducibly. */
export function epochSeed(seed: number, epoch: number): number {
  if (!Number.isSafeInteger(seed)) throw new InvalidConfigError({ path: 'seed', expected: 'a safe integer', received: seed });
  return (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch + 1, 0xc2b2ae35)) >>> 0;
}
