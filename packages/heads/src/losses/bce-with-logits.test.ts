import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, ShapeMismatchError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits } from '../testing/reference-math';
import { bceWithLogitsLoss } from './bce-with-logits';

describe('bceWithLogitsLoss', () => {
  const logits = [
    [0.3, -1.2, 2.0],
    [-0.5, 0.0, 1.5],
  ];
  const targets = [
    [1, 0, 1],
    [0, 0, 1],
  ];

  it('is the mean binary cross-entropy of sigmoid(logits), over every element', () => {
    const loss = tf.tidy(() => bceWithLogitsLoss(tf.tensor2d(logits), tf.tensor2d(targets)).dataSync()[0] as number);
    expect(loss).toBeCloseTo(binaryCrossEntropyWithLogits(logits.flat(), targets.flat()), 6);
  });

  it('casts int32 multi-hot targets to float', () => {
    const [fromInt, fromFloat] = tf.tidy(() => [
      bceWithLogitsLoss(tf.tensor2d(logits), tf.tensor2d(targets, undefined, 'int32')).dataSync()[0] as number,
      bceWithLogitsLoss(tf.tensor2d(logits), tf.tensor2d(targets)).dataSync()[0] as number,
    ]);
    expect(fromInt).toBe(fromFloat);
  });

  it('is stable for large logits', () => {
    const loss = tf.tidy(() => bceWithLogitsLoss(tf.tensor1d([100, -100]), tf.tensor1d([0, 1])).dataSync()[0] as number);
    expect(loss).toBeCloseTo(100, 4);
    // A confident right answer costs ~exp(-40): 0 to float precision, never NaN or negative.
    const small = tf.tidy(() => bceWithLogitsLoss(tf.tensor1d([40]), tf.tensor1d([1])).dataSync()[0] as number);
    expect(small).toBeGreaterThanOrEqual(0);
    expect(small).toBeLessThan(1e-12);
  });

  it('refuses targets of another shape or dtype', () => {
    tf.tidy(() => {
      expect(() => bceWithLogitsLoss(tf.tensor2d(logits), tf.tensor1d([1, 0, 1]))).toThrow(ShapeMismatchError);
      expect(() => bceWithLogitsLoss(tf.tensor1d([1]), tf.tensor1d(['a'] as unknown as number[], 'string'))).toThrow(InvalidConfigError);
    });
  });
});
