import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, ShapeMismatchError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { meanSquaredError } from '../testing/reference-math';
import { mseLoss } from './mse-loss';

describe('mseLoss', () => {
  it('is the mean squared difference', () => {
    const predictions = [0.5, -1, 2.25, 0];
    const targets = [0.5, -1.25, 2, 1];
    const loss = tf.tidy(() => mseLoss(tf.tensor1d(predictions), tf.tensor1d(targets)).dataSync()[0] as number);
    expect(loss).toBeCloseTo(meanSquaredError(predictions, targets), 7);
    expect(loss).toBeCloseTo((0 + 0.0625 + 0.0625 + 1) / 4, 7);
  });

  it('refuses int targets and other shapes', () => {
    tf.tidy(() => {
      expect(() => mseLoss(tf.tensor1d([1, 2]), tf.tensor1d([1, 2], 'int32'))).toThrow(InvalidConfigError);
      expect(() => mseLoss(tf.tensor1d([1, 2]), tf.tensor1d([1, 2, 3]))).toThrow(ShapeMismatchError);
    });
  });
});
