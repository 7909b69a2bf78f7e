import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import { crossEntropy, randomMatrix, randomVector, seededRandom } from '../testing/reference-math';
import { CausalLMHead } from './causal-lm-head';

describe('CausalLMHead', () => {
  const random = seededRandom(33);
  const hidden = [0, 1].map(() => roundToFloat32(randomMatrix(random, 4, 6)));

  it('has the add_causal_lm_head defaults and a dropout_prob key', () => {
    const embeddings = tf.tidy(() => tf.variable(tf.zeros([11, 6])));
    const head = new CausalLMHead('clm', {}, smallContext({ wordEmbeddings: embeddings }));
    expect(head.headConfig()).toMatchObject({ head_type: 'causal_lm', layers: 2, activation_function: 'gelu', layer_norm: true, bias: true, shift_labels: true, dropout_prob: null });
    expect(head.namedParameters().map(([name]) => name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '3.weight', '3.bias']);
    head.dispose();
    embeddings.dispose();
  });

  it('compares logits[:, :-1] with labels[:, 1:]', () => {
    const embeddings = tf.tidy(() => tf.variable(tf.tensor2d(roundToFloat32(randomMatrix(random, 11, 6)))));
    const head = new CausalLMHead('clm', {}, smallContext({ wordEmbeddings: embeddings }));
    loadHeadWeights(
      head,
      new Map([
        ['0.weight', matrixData(roundToFloat32(randomMatrix(random, 6, 6, 0.5)))],
        ['0.bias', vectorData(roundToFloat32(randomVector(random, 6, 0.1)))],
        ['2.weight', vectorData(roundToFloat32(randomVector(random, 6, 0.1).map((value) => 1 + value)))],
        ['2.bias', vectorData(roundToFloat32(randomVector(random, 6, 0.1)))],
        ['3.bias', vectorData(roundToFloat32(randomVector(random, 11, 0.1)))],
      ]),
    );
    const labels = [
      [3, 7, 1, -100],
      [2, 2, 10, 4],
    ];
    const { logits, loss } = tf.tidy(() => {
      const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 4]) }, { labels: tf.tensor2d(labels, undefined, 'int32') });
      return { logits: output.logits?.arraySync() as number[][][], loss: output.loss?.dataSync()[0] };
    });
    // Rows t = 0..2 predict the labels at t + 1; the last position predicts nothing.
    const shiftedRows = logits.flatMap((rows) => rows.slice(0, 3));
    const shiftedLabels = labels.flatMap((row) => row.slice(1));
    expect(loss).toBeCloseTo(crossEntropy(shiftedRows, shiftedLabels), 5);
    const sparse = tf.tidy(() => {
      const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 4]) }, { labels: tf.tensor2d(labels, undefined, 'int32') }, { lossOnly: true });
      return { rows: output.logits?.shape, loss: output.loss?.dataSync()[0] };
    });
    // 3 + 3 shifted targets, one of them ignored.
    expect(sparse.rows).toEqual([5, 11]);
    expect(sparse.loss).toBeCloseTo(loss as number, 5);
    head.dispose();
    embeddings.dispose();
  });
});
