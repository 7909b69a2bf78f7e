import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import { binaryCrossEntropyWithLogits, linear, maxAbsDifference, randomMatrix, randomVector, seededRandom } from '../testing/reference-math';
import { MultiLabelClassificationHead } from './multilabel-classification-head';

describe('MultiLabelClassificationHead', () => {
  const random = seededRandom(11);
  const hidden = [0, 1, 2].map(() => roundToFloat32(randomMatrix(random, 2, 6)));
  const w1 = roundToFloat32(randomMatrix(random, 6, 6, 0.5));
  const b1 = roundToFloat32(randomVector(random, 6, 0.1));
  const w2 = roundToFloat32(randomMatrix(random, 4, 6, 0.5));
  const b2 = roundToFloat32(randomVector(random, 4, 0.1));
  const labels = [
    [1, 0, 1, 0],
    [0, 0, 0, 1],
    [1, 1, 0, 0],
  ];

  function createHead(): MultiLabelClassificationHead {
    const head = new MultiLabelClassificationHead('ml', { numLabels: 4, activationFunction: 'relu' }, smallContext());
    loadHeadWeights(
      head,
      new Map([
        ['1.weight', matrixData(w1)],
        ['1.bias', vectorData(b1)],
        ['4.weight', matrixData(w2)],
        ['4.bias', vectorData(b2)],
      ]),
    );
    return head;
  }

  it('gives [B, n] logits and the BCE-with-logits mean over all elements; int labels are cast to float', () => {
    const head = createHead();
    const expected = hidden.map((rows) => linear(linear(rows[0] ?? [], w1, b1).map((value) => Math.max(0, value)), w2, b2));
    for (const dtype of ['int32', 'float32'] as const) {
      const [logits, loss] = tf.tidy(() => {
        const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, 2]) }, { labels: tf.tensor2d(labels, undefined, dtype) });
        return [output.logits?.dataSync() ?? [], output.loss?.dataSync()[0]] as const;
      });
      expect(maxAbsDifference(logits, expected.flat())).toBeLessThan(1e-5);
      expect(loss).toBeCloseTo(binaryCrossEntropyWithLogits(expected.flat(), labels.flat()), 5);
    }
    expect(head.headConfig().head_type).toBe('multilabel_classification');
    head.dispose();
  });

  it('wants one multi-hot row per example', () => {
    const head = createHead();
    tf.tidy(() => {
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, 2]) }, { labels: tf.tensor1d([1, 0, 1], 'int32') })).toThrow(
        /Shape mismatch for 'labels' \(from head 'ml' \(multilabel_classification, 4 labels\)\): expected \[3, 4\]/,
      );
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, 2]) }, { labels: tf.zeros([3, 3]) })).toThrow(ShapeMismatchError);
    });
    head.dispose();
  });
});
