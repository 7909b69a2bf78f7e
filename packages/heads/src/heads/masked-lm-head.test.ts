import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import {
  activations,
  crossEntropy,
  layerNorm,
  linear,
  maxAbsDifference,
  randomMatrix,
  randomVector,
  seededRandom,
  type Matrix,
  type Vector,
} from '../testing/reference-math';
import { BertStyleMaskedLMHead } from './masked-lm-head';

const VOCAB = 11;
const HIDDEN = 6;
const random = seededRandom(21);
const hidden = [0, 1].map(() => roundToFloat32(randomMatrix(random, 3, HIDDEN)));
const embeddingValues = roundToFloat32(randomMatrix(random, VOCAB, HIDDEN));
const dense = roundToFloat32(randomMatrix(random, HIDDEN, HIDDEN, 0.6));
const denseBias = roundToFloat32(randomVector(random, HIDDEN, 0.1));
const normWeight = roundToFloat32(randomVector(random, HIDDEN, 0.2).map((value) => 1 + value));
const normBias = roundToFloat32(randomVector(random, HIDDEN, 0.1));
const decoderBias = roundToFloat32(randomVector(random, VOCAB, 0.1));

function headWeights(): Map<string, ReturnType<typeof matrixData>> {
  return new Map([
    ['0.weight', matrixData(dense)],
    ['0.bias', vectorData(denseBias)],
    ['2.weight', vectorData(normWeight)],
    ['2.bias', vectorData(normBias)],
    ['3.bias', vectorData(decoderBias)],
  ]);
}

/** Linear → gelu → LayerNorm → (inverse) → E^T + b, per token. */
function referenceLogits(embeddings: Matrix, inverse: (token: Vector) => Vector = (token) => token): Matrix {
  return hidden.flatMap((rows) =>
    rows.map((token) => {
      const transformed = layerNorm(linear(token, dense, denseBias).map(activations.gelu as (x: number) => number), normWeight, normBias, 1e-12);
      return linear(inverse(transformed), embeddings, decoderBias);
    }),
  );
}

function createTied(): { head: BertStyleMaskedLMHead; embeddings: tf.Variable } {
  const embeddings = tf.tidy(() => tf.variable(tf.tensor2d(embeddingValues)));
  const head = new BertStyleMaskedLMHead('mlm', {}, smallContext({ wordEmbeddings: embeddings }));
  loadHeadWeights(head, headWeights());
  return { head, embeddings };
}

describe('BertStyleMaskedLMHead', () => {
  it('is 0 Linear, 1 gelu, 2 LayerNorm, 3 Linear tied to the word embeddings', () => {
    const { head, embeddings } = createTied();
    expect(head.namedParameters().map(([name, variable]) => [name, variable.shape])).toEqual([
      ['0.weight', [6, 6]],
      ['0.bias', [6]],
      ['2.weight', [6]],
      ['2.bias', [6]],
      ['3.weight', [11, 6]],
      ['3.bias', [11]],
    ]);
    expect(head.tiedParameterNames()).toEqual(['3.weight']);
    expect(head.isTied).toBe(true);
    expect(new Map(head.namedParameters()).get('3.weight')).toBe(embeddings);
    expect(head.headConfig()).toEqual({
      activation_function: 'gelu',
      bias: true,
      embedding_size: 6,
      head_type: 'masked_lm',
      label2id: null,
      layer_norm: true,
      layers: 2,
      shift_labels: false,
      vocab_size: 11,
    });
    head.dispose();
    embeddings.dispose();
  });

  it('computes logits [B, T, V] and the cross-entropy over the masked positions', () => {
    const { head, embeddings } = createTied();
    const labels = [
      [-100, 4, -100],
      [10, -100, 0],
    ];
    const [logits, shape, loss] = tf.tidy(() => {
      const output = head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]) }, { labels: tf.tensor2d(labels, undefined, 'int32') });
      return [output.logits?.dataSync() ?? [], output.logits?.shape, output.loss?.dataSync()[0]] as const;
    });
    const expected = referenceLogits(embeddingValues);
    expect(shape).toEqual([2, 3, VOCAB]);
    expect(maxAbsDifference(logits, expected.flat())).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo(crossEntropy(expected, labels.flat()), 5);
    head.dispose();
    embeddings.dispose();
  });

  it('lossOnly scores just the labelled rows: same loss and gradients as the dense path, inverse included', () => {
    const { head, embeddings } = createTied();
    const inverse = (x: tf.Tensor): tf.Tensor => tf.add(tf.mul(x, 2), 0.5);
    const labels = [
      [-100, 4, -100],
      [10, -100, 0],
    ];
    const trainable = head.namedParameters().map(([, variable]) => variable);
    const run = (lossOnly: boolean): { loss: number; rows: number[]; grads: number[][] } =>
      tf.tidy(() => {
        let shape: number[] = [];
        const { value, grads } = tf.variableGrads(() => {
          const output = head.forward(
            { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]), invertibleInverse: inverse },
            { labels: tf.tensor2d(labels, undefined, 'int32') },
            { lossOnly },
          );
          shape = output.logits?.shape ?? [];
          return output.loss as tf.Scalar;
        }, trainable);
        return { loss: value.dataSync()[0] as number, rows: shape, grads: trainable.map((variable) => Array.from(grads[variable.name]?.dataSync() ?? [])) };
      });
    const dense = run(false);
    const sparse = run(true);
    expect(dense.rows).toEqual([2, 3, VOCAB]);
    expect(sparse.rows).toEqual([3, VOCAB]);
    expect(sparse.loss).toBeCloseTo(dense.loss, 5);
    sparse.grads.forEach((grad, index) => expect(maxAbsDifference(grad, dense.grads[index] as number[])).toBeLessThan(1e-5));
    // Nothing labelled: the dense path runs and gives torch's NaN.
    const none = tf.tidy(() =>
      head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]) }, { labels: tf.fill([2, 3], -100, 'int32') }, { lossOnly: true }).loss?.dataSync()[0],
    );
    expect(none).toBeNaN();
    head.dispose();
    embeddings.dispose();
  });

  it('shares the variable: new embedding values change the logits; the head never disposes or freezes it', () => {
    const { head, embeddings } = createTied();
    const changed = roundToFloat32(randomMatrix(random, VOCAB, HIDDEN));
    tf.tidy(() => embeddings.assign(tf.tensor2d(changed)));
    const logits = tf.tidy(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]) }).logits?.dataSync() ?? []);
    expect(maxAbsDifference(logits, referenceLogits(changed).flat())).toBeLessThan(1e-5);
    head.setTrainable(false);
    expect(embeddings.trainable).toBe(true);
    expect(head.namedParameters().filter(([name]) => name !== '3.weight').every(([, variable]) => !variable.trainable)).toBe(true);
    head.dispose();
    expect(embeddings.isDisposed).toBe(false);
    embeddings.dispose();
  });

  it('applies the invertible adapter inverse after the LayerNorm and before the decoder', () => {
    const { head, embeddings } = createTied();
    const seenShapes: number[][] = [];
    const inverse = (x: tf.Tensor): tf.Tensor => {
      seenShapes.push(x.shape);
      return tf.add(tf.mul(x, 2), 0.5);
    };
    const logits = tf.tidy(() =>
      head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]), invertibleInverse: inverse }).logits?.dataSync() ?? [],
    );
    expect(seenShapes).toEqual([[2, 3, HIDDEN]]);
    expect(maxAbsDifference(logits, referenceLogits(embeddingValues, (token) => token.map((value) => value * 2 + 0.5)).flat())).toBeLessThan(1e-5);
    head.dispose();
    embeddings.dispose();
  });

  it('owns its decoder weight when the context gives no embeddings', () => {
    const head = new BertStyleMaskedLMHead('mlm', {}, smallContext());
    expect(head.isTied).toBe(false);
    expect(head.tiedParameterNames()).toEqual([]);
    loadHeadWeights(head, new Map([...headWeights(), ['3.weight', matrixData(embeddingValues)]]));
    const logits = tf.tidy(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([2, 3]) }).logits?.dataSync() ?? []);
    expect(maxAbsDifference(logits, referenceLogits(embeddingValues).flat())).toBeLessThan(1e-5);
    head.dispose();
  });

  it('refuses embeddings of another shape', () => {
    const embeddings = tf.tidy(() => tf.variable(tf.zeros([VOCAB + 1, HIDDEN])));
    expect(() => new BertStyleMaskedLMHead('mlm', {}, smallContext({ wordEmbeddings: embeddings }))).toThrow(ShapeMismatchError);
    expect(() => new BertStyleMaskedLMHead('mlm', {}, smallContext({ wordEmbeddings: embeddings }))).toThrow(/expected \[11, 6\], got \[12, 6\]/);
    embeddings.dispose();
  });

  it('follows the layer count and activation in its indices', () => {
    const head = new BertStyleMaskedLMHead('mlm', { layers: 3, activationFunction: null, embeddingSize: 4 }, smallContext());
    expect(head.namedParameters().map(([name, variable]) => [name, variable.shape])).toEqual([
      ['0.weight', [4, 6]],
      ['0.bias', [4]],
      ['1.weight', [4]],
      ['1.bias', [4]],
      ['2.weight', [4, 4]],
      ['2.bias', [4]],
      ['3.weight', [4]],
      ['3.bias', [4]],
      ['4.weight', [11, 4]],
      ['4.bias', [11]],
    ]);
    head.dispose();
  });
});
