import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, ShapeMismatchError, type HeadInputs } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHeadWeights } from '../io/load-head-weights';
import { hiddenStates, matrixData, roundToFloat32, smallContext, vectorData } from '../testing/head-test-helpers';
import {
  crossEntropy,
  linear,
  maxAbsDifference,
  meanSquaredError,
  randomMatrix,
  randomVector,
  seededRandom,
  type Matrix,
  type Vector,
} from '../testing/reference-math';
import { ClassificationHead } from './classification-head';

const HIDDEN = 6;
const random = seededRandom(7);
const hidden = [0, 1, 2, 3].map(() => roundToFloat32(randomMatrix(random, 3, HIDDEN)));
const firstTokens = hidden.map((rows) => rows[0] as Vector);

interface TwoLayerWeights {
  readonly w1: Matrix;
  readonly b1: Vector;
  readonly w2: Matrix;
  readonly b2: Vector;
}

function twoLayerWeights(outputs: number): TwoLayerWeights {
  return {
    w1: roundToFloat32(randomMatrix(random, HIDDEN, HIDDEN, 0.5)),
    b1: roundToFloat32(randomVector(random, HIDDEN, 0.1)),
    w2: roundToFloat32(randomMatrix(random, outputs, HIDDEN, 0.5)),
    b2: roundToFloat32(randomVector(random, outputs, 0.1)),
  };
}

function loadTwoLayers(head: ClassificationHead, weights: TwoLayerWeights): void {
  loadHeadWeights(
    head,
    new Map([
      ['1.weight', matrixData(weights.w1)],
      ['1.bias', vectorData(weights.b1)],
      ['4.weight', matrixData(weights.w2)],
      ['4.bias', vectorData(weights.b2)],
    ]),
  );
}

function referenceLogits(weights: TwoLayerWeights, inputs: Vector[]): Matrix {
  return inputs.map((x) => linear(linear(x, weights.w1, weights.b1).map(Math.tanh), weights.w2, weights.b2));
}

describe('ClassificationHead', () => {
  it('names its Sequential children as torch does: 1 and 4 for two layers', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    expect(head.namedParameters().map(([name, variable]) => [name, variable.shape])).toEqual([
      ['1.weight', [6, 6]],
      ['1.bias', [6]],
      ['4.weight', [3, 6]],
      ['4.bias', [3]],
    ]);
    expect(head.layerCount).toBe(5);
    expect(head.tiedParameterNames()).toEqual([]);
    head.dispose();
    expect(head.isDisposed).toBe(true);
  });

  it('computes CLS → Linear → tanh → Linear and the cross-entropy, as plain loops do', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    const weights = twoLayerWeights(3);
    loadTwoLayers(head, weights);
    const labels = [2, 0, 1, 2];
    const [logits, loss] = tf.tidy(() => {
      const output = head.forward(
        { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) },
        { labels: tf.tensor1d(labels, 'int32') },
      );
      return [output.logits?.dataSync() ?? [], output.loss?.dataSync()[0]] as const;
    });
    const expected = referenceLogits(weights, firstTokens);
    expect(maxAbsDifference(logits, expected.flat())).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo(crossEntropy(expected, labels), 5);
    head.dispose();
  });

  it('trains: gradients reach every head parameter (d loss / d output bias = mean(softmax - one-hot))', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    const weights = twoLayerWeights(3);
    loadTwoLayers(head, weights);
    const labels = [2, 0, 1, 2];
    const gradients = tf.tidy(() => {
      const inputs: HeadInputs = { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) };
      const { grads } = tf.variableGrads(() => head.forward(inputs, { labels: tf.tensor1d(labels, 'int32') }).loss as tf.Scalar, head.trainableVariables());
      return head.namedParameters().map(([name, variable]) => [name, Array.from(grads[variable.name]?.dataSync() ?? [])] as const);
    });
    expect(gradients.map(([name, values]) => [name, values.length])).toEqual([
      ['1.weight', 36],
      ['1.bias', 6],
      ['4.weight', 18],
      ['4.bias', 3],
    ]);
    const expectedBiasGradient = [0, 1, 2].map(
      (column) =>
        referenceLogits(weights, firstTokens).reduce((sum, row, index) => {
          const probabilities = row.map((value) => Math.exp(value)).map((value, _, all) => value / all.reduce((total, item) => total + item, 0));
          return sum + (probabilities[column] as number) - (labels[index] === column ? 1 : 0);
        }, 0) / 4,
    );
    expect(maxAbsDifference(gradients[3]?.[1] ?? [], expectedBiasGradient)).toBeLessThan(1e-5);
    head.dispose();
  });

  it('reads the pooler output when use_pooler, with one layer and no activation', () => {
    const head = new ClassificationHead('cls', { numLabels: 2, layers: 1, activationFunction: null, usePooler: true }, smallContext());
    expect(head.namedParameters().map(([name]) => name)).toEqual(['1.weight', '1.bias']);
    const weight = roundToFloat32(randomMatrix(random, 2, HIDDEN));
    const bias = roundToFloat32(randomVector(random, 2));
    loadHeadWeights(head, new Map([['1.weight', matrixData(weight)], ['1.bias', vectorData(bias)]]));
    const pooled = roundToFloat32(randomMatrix(random, 4, HIDDEN));
    const logits = tf.tidy(() =>
      head.forward({ lastHiddenState: hiddenStates(hidden), poolerOutput: tf.tensor2d(pooled), attentionMask: tf.ones([4, 3]) }).logits?.dataSync() ?? [],
    );
    expect(maxAbsDifference(logits, pooled.map((row) => linear(row, weight, bias)).flat())).toBeLessThan(1e-5);
    tf.tidy(() => {
      expect(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) })).toThrow(/poolerOutput/);
    });
    head.dispose();
  });

  it('refuses use_pooler on a backbone without a pooler', () => {
    const before = tf.memory().numTensors;
    expect(() => new ClassificationHead('cls', { usePooler: true }, smallContext({ hasPooler: false }))).toThrow(InvalidConfigError);
    expect(() => new ClassificationHead('cls', { usePooler: true }, smallContext({ hasPooler: false }))).toThrow(/no pooler/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is a regression with MSE on logits.view(-1) when num_labels is 1', () => {
    const head = new ClassificationHead('reg', { numLabels: 1 }, smallContext());
    expect(head.isRegression).toBe(true);
    const weights = twoLayerWeights(1);
    loadTwoLayers(head, weights);
    const targets = [0.5, -1.25, 2, 0];
    const expected = meanSquaredError(referenceLogits(weights, firstTokens).flat(), targets);
    for (const labels of [tf.tensor1d(targets), tf.tensor2d(targets, [4, 1])]) {
      const loss = tf.tidy(() => head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) }, { labels }).loss?.dataSync()[0]);
      expect(loss).toBeCloseTo(expected, 5);
      labels.dispose();
    }
    head.dispose();
  });

  it('says what labels it expected', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    tf.tidy(() => {
      const inputs: HeadInputs = { lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) };
      const wrongDtype = () => head.forward(inputs, { labels: tf.zeros([4, 1], 'float32') });
      expect(wrongDtype).toThrow(InvalidConfigError);
      expect(wrongDtype).toThrow(
        `Invalid value for 'labels' in head 'sst' (classification, 3 labels): expected int32 of shape [4], received "float32 [4, 1]".`,
      );
      const wrongShape = () => head.forward(inputs, { labels: tf.zeros([4, 1], 'int32') });
      expect(wrongShape).toThrow(ShapeMismatchError);
      expect(wrongShape).toThrow(`Shape mismatch for 'labels' (from head 'sst' (classification, 3 labels)): expected [4], got [4, 1].`);
      expect(() => head.forward(inputs, { labels: tf.tensor1d([0, 1, 5, 2], 'int32') })).toThrow(/class id in \[0, 3\)/);
      expect(() => head.forward({ lastHiddenState: tf.zeros([4, 3, 5]) as tf.Tensor3D, attentionMask: tf.ones([4, 3]) })).toThrow(ShapeMismatchError);
    });
    const regression = new ClassificationHead('reg', { numLabels: 1 }, smallContext());
    tf.tidy(() => {
      expect(() =>
        regression.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) }, { labels: tf.zeros([4], 'int32') }),
      ).toThrow(/head 'reg' \(classification, regression, 1 label\): expected float32 of shape \[4\]/);
    });
    head.dispose();
    regression.dispose();
  });

  it('takes dropout from the head, else classifier_dropout, else hidden_dropout_prob', () => {
    const cases: Array<[number | null | undefined, number | null, number]> = [
      [undefined, null, 0.1],
      [undefined, 0.3, 0.3],
      [0.5, 0.3, 0.5],
      [0, 0.3, 0],
    ];
    for (const [dropoutProb, classifierDropout, expected] of cases) {
      const head = new ClassificationHead('sst', { dropoutProb }, smallContext({ classifierDropout }));
      expect(head.dropoutRate).toBe(expected);
      head.dispose();
    }
  });

  it('applies dropout only when training', () => {
    const head = new ClassificationHead('sst', { numLabels: 3, dropoutProb: 0.5 }, smallContext());
    const weights = twoLayerWeights(3);
    loadTwoLayers(head, weights);
    const run = (training: boolean) =>
      tf.tidy(() => Array.from(head.forward({ lastHiddenState: hiddenStates(hidden), attentionMask: tf.ones([4, 3]) }, undefined, { training }).logits?.dataSync() ?? []));
    const expected = referenceLogits(weights, firstTokens).flat();
    expect(maxAbsDifference(run(false), expected)).toBeLessThan(1e-5);
    expect(run(false)).toEqual(run(false));
    expect(maxAbsDifference(run(true), expected)).toBeGreaterThan(1e-3);
    head.dispose();
  });

  it('initialises weights from N(0, 0.02) and biases at zero', () => {
    const head = new ClassificationHead('sst', {}, smallContext({ hiddenSize: 64 }));
    const [weight, bias, outputBias] = [head.namedParameters()[0], head.namedParameters()[1], head.namedParameters()[3]].map(
      (entry) => entry?.[1].dataSync() ?? new Float32Array(),
    ) as [Float32Array, Float32Array, Float32Array];
    const mean = weight.reduce((sum, value) => sum + value, 0) / weight.length;
    const std = Math.sqrt(weight.reduce((sum, value) => sum + (value - mean) ** 2, 0) / weight.length);
    expect(std).toBeGreaterThan(0.017);
    expect(std).toBeLessThan(0.023);
    expect([...bias, ...outputBias].every((value) => value === 0)).toBe(true);
    head.dispose();
  });

  it('freezes and unfreezes its parameters', () => {
    const head = new ClassificationHead('sst', {}, smallContext());
    head.setTrainable(false);
    expect(head.namedParameters().every(([, variable]) => !variable.trainable)).toBe(true);
    head.setTrainable(true);
    expect(head.namedParameters().every(([, variable]) => variable.trainable)).toBe(true);
    head.dispose();
  });
});
