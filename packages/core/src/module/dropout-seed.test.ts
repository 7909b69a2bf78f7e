import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { dropout } from './dropout';
import { clearDropoutSeed, nextDropoutSeed, seedDropout } from './dropout-seed';

function masks(): number[][] {
  return tf.tidy(() => {
    const ones = tf.ones([64]);
    return [Array.from(dropout(ones, 0.5, true).dataSync()), Array.from(dropout(ones, 0.5, true).dataSync())];
  });
}

describe('seeded dropout stream', () => {
  afterEach(() => clearDropoutSeed());

  it('repeats the masks of a (seed, step) and changes them with the step and the call', () => {
    seedDropout(42, 3);
    const first = masks();
    seedDropout(42, 3);
    expect(masks()).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
    seedDropout(42, 4);
    expect(masks()[0]).not.toEqual(first[0]);
    seedDropout(43, 3);
    expect(masks()[0]).not.toEqual(first[0]);
    // Inverted dropout: kept values are scaled by 1 / (1 - rate).
    expect(new Set(first.flat())).toEqual(new Set([0, 2]));
  });

  it('is off until seeded and after clearing; an explicit seed wins', () => {
    expect(nextDropoutSeed()).toBeUndefined();
    seedDropout(1, 0);
    expect(typeof nextDropoutSeed()).toBe('number');
    clearDropoutSeed();
    expect(nextDropoutSeed()).toBeUndefined();
    const explicit = tf.tidy(() => [Array.from(dropout(tf.ones([32]), 0.5, true, 5).dataSync()), Array.from(dropout(tf.ones([32]), 0.5, true, 5).dataSync())]);
    expect(explicit[0]).toEqual(explicit[1]);
  });
});
