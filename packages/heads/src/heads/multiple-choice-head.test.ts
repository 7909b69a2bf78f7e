import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import { crossEntropy, linear, maxAbsDifference, randomMatrix, randomVector, seededRandom } from '../testing/reference-math';
import { MultipleChoiceHead } from './multiple-choice-head';

describe('MultipleChoiceHead', () => {
  const random = seededRandom(3);
  // Two questions with three choices each, flattened to six rows as the encoder sees them.
  const hidden = [0, 1, 2, 3, 4, 5].map(() => roundToFloat32(randomMatrix(random, 2, 6)));
  const w1 = roundToFloat32(randomMatrix(random, 6, 6, 0.5));
  const b1 = roundToFloat32(randomVector(random, 6, 0.1));
  const w2 = roundToFloat32(randomMatrix(random, 1, 6));
  const b2 = roundToFloat32(randomVector(random, 1));

  function createHead(): MultipleChoiceHead {
    const head = new MultipleChoiceHead('mc', { numChoices: 3 }, smallContext());
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

  it('scores every flattened row with Linear(H, 1) and reshapes the scores to [B, C]', () => {
    const head = createHead();
    expect(head.namedParameters().map(([name, variable]) => [name, variable.shape])).toContainEqual(['4.weight', [1, 6]]);
    const scores = hidden.map((rows) => linear(linear(rows[0] ?? [], w1, b1).map(Math.tanh), w2, b2)[0] as number);
    const expected = [scores.slice(0, 3), scores.slice(3, 6)];
    const [logits, shape, loss] = tf.tidy(() => {
      const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([6, 2]) }, { labels: tf.tensor1d([2, 0], 'int32') });
      return [output.logits?.dataSync() ?? [], output.logits?.shape, output.loss?.dataSync()[0]] as const;
    });
    expect(shape).toEqual([2, 3]);
    expect(maxAbsDifference(logits, expected.flat())).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo(crossEntropy(expected, [2, 0]), 5);
    expect(head.headConfig()).toMatchObject({ head_type: 'multiple_choice', num_choices: 3 });
    expect('bias' in head.headConfig()).toBe(false);
    head.dispose();
  });

  it('refuses a row count that is not a multiple of num_choices', () => {
    const head = createHead();
    tf.tidy(() => {
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden.slice(0, 5)), attentionMask: tf.ones([5, 2]) })).toThrow(InvalidConfigError);
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden.slice(0, 5)), attentionMask: tf.ones([5, 2]) })).toThrow(/multiple of num_choices 3/);
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([6, 2]) }, { labels: tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32') })).toThrow(
        /\(multiple_choice, 3 choices\)\): expected \[2\], got \[6\]/,
      );
    });
    head.dispose();
  });
});
