import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, logSoftmax as logSoftmaxOp, ShapeMismatchError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { crossEntropy, logSoftmax } from '../testing/reference-math';
import { crossEntropyLoss } from './cross-entropy';

const rows = [
  [1.5, -0.25, 0.5],
  [0.1, 0.2, 3.0],
  [-1.0, 2.0, 0.0],
  [0.0, 0.0, 0.0],
];

function lossOf(logits: number[][], labels: number[], ignoreIndex?: number): number {
  return tf.tidy(() => crossEntropyLoss(tf.tensor2d(logits), tf.tensor1d(labels, 'int32'), { ignoreIndex }).dataSync()[0] as number);
}

describe('crossEntropyLoss', () => {
  it('is the mean negative log-probability of the labels', () => {
    expect(lossOf(rows, [0, 2, 1, 1])).toBeCloseTo(crossEntropy(rows, [0, 2, 1, 1]), 6);
    // Hand-checked: uniform logits over 3 classes give log(3).
    expect(lossOf([[0, 0, 0]], [2])).toBeCloseTo(Math.log(3), 6);
  });

  it('leaves out ignored labels, from the sum and from the count', () => {
    const expected = -((logSoftmax(rows[0] as number[])[0] as number) + (logSoftmax(rows[2] as number[])[1] as number)) / 2;
    expect(lossOf(rows, [0, -100, 1, -100])).toBeCloseTo(expected, 6);
    expect(lossOf(rows, [0, 3, 1, 3], 3)).toBeCloseTo(expected, 6);
  });

  it('is NaN when every label is ignored, as torch', () => {
    expect(lossOf(rows, [-100, -100, -100, -100])).toBeNaN();
  });

  it('stays finite for huge logits (log-softmax, not softmax then log)', () => {
    expect(lossOf([[1000, -1000, 0]], [1])).toBeCloseTo(2000, 2);
  });

  it('has the softmax-minus-one-hot gradient', () => {
    const gradient = tf.tidy(() => {
      const logits = tf.tensor2d(rows);
      const labels = tf.tensor1d([0, 2, -100, 1], 'int32');
      return tf.grad((x: tf.Tensor) => crossEntropyLoss(x, labels))(logits).arraySync() as number[][];
    });
    const labels = [0, 2, -100, 1];
    rows.forEach((row, index) => {
      const probabilities = logSoftmax(row).map(Math.exp);
      probabilities.forEach((probability, column) => {
        const label = labels[index] as number;
        const expected = label === -100 ? 0 : (probability - (column === label ? 1 : 0)) / 3;
        expect(gradient[index]?.[column]).toBeCloseTo(expected, 6);
      });
    });
  });

  it('equals the all-tensor form (labels masked, indexed and counted by kernels) to the bit, value and gradient', async () => {
    // The form the loss had before it read the labels on the host: the same result from tfjs ops on the labels.
    const tensorForm = (logits: tf.Tensor, labels: tf.Tensor): tf.Scalar => {
      const kept = tf.notEqual(labels, tf.scalar(-100, 'int32'));
      const safeLabels = tf.where(kept, labels, tf.zerosLike(labels));
      const flatIndices = tf.add(tf.mul(tf.range(0, logits.shape[0] as number, 1, 'int32'), tf.scalar(logits.shape[1] as number, 'int32')), safeLabels);
      const picked = tf.gather(tf.reshape(logSoftmaxOp(logits), [-1]), flatIndices);
      const weights = tf.cast(kept, 'float32');
      return tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), tf.sum(weights)) as tf.Scalar;
    };
    for (const labelValues of [
      [0, 2, 1, 1],
      [0, -100, 1, 2],
    ]) {
      const [loss, expectedLoss, gradient, expectedGradient] = tf.tidy(() => {
        const logits = tf.tensor2d(rows);
        const labels = tf.tensor1d(labelValues, 'int32');
        return [
          crossEntropyLoss(logits, labels),
          tensorForm(logits, labels),
          tf.grad((x: tf.Tensor) => crossEntropyLoss(x, labels))(logits),
          tf.grad((x: tf.Tensor) => tensorForm(x, labels))(logits),
        ];
      });
      expect(await loss.data()).toEqual(await expectedLoss.data());
      expect(await gradient.data()).toEqual(await expectedGradient.data());
      tf.dispose([loss, expectedLoss, gradient, expectedGradient]);
    }
    const profile = await tf.profile(() => tf.tidy(() => crossEntropyLoss(tf.tensor2d(rows), tf.tensor1d([0, -100, 1, 2], 'int32'))).dispose());
    expect(profile.kernels.map((kernel) => kernel.name).filter((name) => ['NotEqual', 'Select', 'Range', 'Cast'].includes(name))).toEqual([]);
  });

  it('refuses labels of the wrong dtype, shape or range', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d(rows);
      expect(() => crossEntropyLoss(logits, tf.tensor1d([0, 1, 2, 0], 'float32'))).toThrow(InvalidConfigError);
      expect(() => crossEntropyLoss(logits, tf.tensor1d([0, 1, 2, 0], 'float32'))).toThrow(/expected int32 of shape \[4\], received "float32 \[4\]"/);
      expect(() => crossEntropyLoss(logits, tf.tensor2d([[0], [1], [2], [0]], undefined, 'int32'))).toThrow(ShapeMismatchError);
      expect(() => crossEntropyLoss(logits, tf.tensor1d([0, 1, 3, 0], 'int32'))).toThrow(/labels\[2\].*class id in \[0, 3\) or -100/);
      expect(() => crossEntropyLoss(tf.tensor1d([1, 2]), tf.tensor1d([0], 'int32'))).toThrow(/float32 of rank 2/);
    });
  });
});
