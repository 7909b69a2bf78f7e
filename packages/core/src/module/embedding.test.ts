import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding';

describe('Embedding', () => {
  it('looks rows up as torch nn.Embedding, in one gather, with the flatten-gather-reshape gradient to the bit', async () => {
    const embedding = new Embedding(6, 3, { initializer: (shape) => tf.reshape(tf.range(0, 18, 1, 'float32'), [...shape]) });
    const ids = tf.tensor2d([[5, 0, 2], [2, 2, 1]], [2, 3], 'int32');
    const outputWeights = tf.tidy(() => tf.reshape(tf.sin(tf.range(0, 18, 1, 'float32')), [2, 3, 3]));
    const [output, gradient, flatGradient] = tf.tidy(() => {
      const loss = (apply: () => tf.Tensor) => tf.sum(tf.mul(apply(), outputWeights)) as tf.Scalar;
      const direct = tf.variableGrads(() => loss(() => embedding.apply(ids)), [embedding.weight]);
      // The form it replaced: ids flattened, rows gathered, reshaped back.
      const flat = tf.variableGrads(() => loss(() => tf.reshape(tf.gather(embedding.weight, tf.reshape(ids, [-1])), [2, 3, 3])), [embedding.weight]);
      return [embedding.apply(ids), direct.grads[embedding.weight.name]!, flat.grads[embedding.weight.name]!];
    });
    expect(output.shape).toEqual([2, 3, 3]);
    // Row i of the table is [3i, 3i + 1, 3i + 2].
    expect(await output.array()).toEqual([
      [[15, 16, 17], [0, 1, 2], [6, 7, 8]],
      [[6, 7, 8], [6, 7, 8], [3, 4, 5]],
    ]);
    expect(await gradient.data()).toEqual(await flatGradient.data());
    const profile = await tf.profile(() => embedding.apply(ids).dispose());
    expect(profile.kernels.map((kernel) => kernel.name)).toEqual(['GatherV2']);
    tf.dispose([output, gradient, flatGradient, ids, outputWeights]);
    embedding.dispose();
  });
});
