import * as tf from '@tensorflow/tfjs-core';
import { Module, initializers, type LinearParameters } from '@adapters/core';

/** HF GPT-2's `Conv1D`: weight stored `[in, out]`, `y = x W + b`. */
export class Conv1D extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    initializerRange: number,
  ) {
    super();
    this.weight = this.addParameter('weight', () => initializers.normal(initializerRange)([inFeatures, outFeatures]));
    this.bias = this.addParameter('bias', () => initializers.zeros()([outFeatures]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const leading = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.inFeatures]);
      return tf.reshape(tf.add(tf.matMul(flat, this.weight as tf.Tensor2D), this.bias), [...leading, this.outFeatures]);
    });
  }

  parameters(): LinearParameters {
    return { weight: this.weight, bias: this.bias, inFeatures: this.inFeatures, outFeatures: this.outFeatures, weightLayout: 'in_out' };
  }
}
