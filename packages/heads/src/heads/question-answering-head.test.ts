import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import { crossEntropy, linear, maxAbsDifference, randomMatrix, randomVector, seededRandom } from '../testing/reference-math';
import { QuestionAnsweringHead } from './question-answering-head';

describe('QuestionAnsweringHead', () => {
  const random = seededRandom(9);
  const length = 5;
  const hidden = [0, 1, 2].map(() => roundToFloat32(randomMatrix(random, length, 6)));
  const weight = roundToFloat32(randomMatrix(random, 2, 6));
  const bias = roundToFloat32(randomVector(random, 2));
  const tokenLogits = hidden.map((rows) => rows.map((token) => linear(token, weight, bias)));
  const startLogits = tokenLogits.map((rows) => rows.map((pair) => pair[0] as number));
  const endLogits = tokenLogits.map((rows) => rows.map((pair) => pair[1] as number));

  function createHead(): QuestionAnsweringHead {
    const head = new QuestionAnsweringHead('qa', {}, smallContext());
    loadHeadWeights(head, new Map([['1.weight', matrixData(weight)], ['1.bias', vectorData(bias)]]));
    return head;
  }

  function run(head: QuestionAnsweringHead, start: number[], end: number[]) {
    return tf.tidy(() => {
      const output = head.forward(
        { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, length]) },
        { startPositions: tf.tensor1d(start, 'int32'), endPositions: tf.tensor1d(end, 'int32') },
      );
      return {
        start: output.startLogits?.dataSync() ?? new Float32Array(),
        end: output.endLogits?.dataSync() ?? new Float32Array(),
        shape: output.startLogits?.shape,
        loss: output.loss?.dataSync()[0] as number,
      };
    });
  }

  it('splits Linear(H, 2) into start and end logits [B, T] and averages the two cross-entropies', () => {
    const head = createHead();
    const output = run(head, [1, 0, 4], [3, 2, 4]);
    expect(output.shape).toEqual([3, length]);
    expect(maxAbsDifference(output.start, startLogits.flat())).toBeLessThan(1e-5);
    expect(maxAbsDifference(output.end, endLogits.flat())).toBeLessThan(1e-5);
    const expected = (crossEntropy(startLogits, [1, 0, 4]) + crossEntropy(endLogits, [3, 2, 4])) / 2;
    expect(output.loss).toBeCloseTo(expected, 5);
    head.dispose();
  });

  it('clamps positions to [0, T] and ignores T', () => {
    const head = createHead();
    // 40 and 5 become T = 5 (ignored); -3 becomes 0.
    const output = run(head, [1, -3, 40], [5, 2, 4]);
    const expected = (crossEntropy(startLogits, [1, 0, length], length) + crossEntropy(endLogits, [length, 2, 4], length)) / 2;
    expect(output.loss).toBeCloseTo(expected, 5);
    head.dispose();
  });

  it('needs both positions, and exactly two outputs', () => {
    const head = createHead();
    tf.tidy(() => {
      expect(() =>
        head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, length]) }, { startPositions: tf.tensor1d([1, 2, 3], 'int32') }),
      ).toThrow(/both startPositions and endPositions/);
      expect(() =>
        head.forward(
          { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([3, length]) },
          { startPositions: tf.tensor1d([1, 2, 3]), endPositions: tf.tensor1d([1, 2, 3], 'int32') },
        ),
      ).toThrow(/Invalid value for 'startPositions'.*expected int32 of shape \[3\]/);
    });
    head.dispose();
    expect(() => new QuestionAnsweringHead('qa', { numLabels: 3 }, smallContext())).toThrow(InvalidConfigError);
  });
});
