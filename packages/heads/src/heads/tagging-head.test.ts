import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import { crossEntropy, linear, maxAbsDifference, randomMatrix, randomVector, seededRandom } from '../testing/reference-math';
import { TaggingHead } from './tagging-head';

describe('TaggingHead', () => {
  const random = seededRandom(5);
  const hidden = [0, 1].map(() => roundToFloat32(randomMatrix(random, 4, 6)));
  const weight = roundToFloat32(randomMatrix(random, 3, 6));
  const bias = roundToFloat32(randomVector(random, 3));
  const mask = [
    [1, 1, 1, 0],
    [1, 1, 1, 1],
  ];

  function createHead(): TaggingHead {
    const head = new TaggingHead('tag', { numLabels: 3 }, smallContext());
    loadHeadWeights(head, new Map([['1.weight', matrixData(weight)], ['1.bias', vectorData(bias)]]));
    return head;
  }

  function run(head: TaggingHead, labels: number[][]): { logits: Float32Array; loss: number } {
    return tf.tidy(() => {
      const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.tensor2d(mask) }, { labels: tf.tensor2d(labels, undefined, 'int32') });
      return { logits: output.logits?.dataSync() as Float32Array, loss: output.loss?.dataSync()[0] as number };
    });
  }

  it('is Dropout + Linear by default, with per-token logits [B, T, n]', () => {
    const head = createHead();
    expect(head.config.layers).toBe(1);
    expect(head.namedParameters().map(([name]) => name)).toEqual(['1.weight', '1.bias']);
    const { logits } = run(head, [
      [0, 1, 2, 0],
      [1, 1, 1, 1],
    ]);
    const expected = hidden.flatMap((rows) => rows.map((token) => linear(token, weight, bias)));
    expect(maxAbsDifference(logits, expected.flat())).toBeLessThan(1e-5);
    head.dispose();
  });

  it('leaves out padded positions and -100 labels from the cross-entropy', () => {
    const head = createHead();
    const labels = [
      [-100, 1, 2, 0],
      [1, -100, 0, 2],
    ];
    const tokens = hidden.flatMap((rows) => rows.map((token) => linear(token, weight, bias)));
    const active = labels.flat().map((label, index) => ((mask.flat()[index] ?? 0) === 1 ? label : -100));
    const { loss } = run(head, labels);
    expect(loss).toBeCloseTo(crossEntropy(tokens, active), 5);
    // The padded position's label does not matter.
    expect(run(head, [[-100, 1, 2, 2], labels[1] as number[]]).loss).toBe(loss);
    head.dispose();
  });

  it('wants int32 labels [B, T]', () => {
    const head = createHead();
    tf.tidy(() => {
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.tensor2d(mask) }, { labels: tf.zeros([2], 'int32') })).toThrow(
        /expected \[2, 4\], got \[2\]/,
      );
    });
    head.dispose();
  });
});
