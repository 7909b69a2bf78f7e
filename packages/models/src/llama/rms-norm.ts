import * as tf from '@tensorflow/tfjs-core';
import { Module, initializers } from '@adapters/core';

/** HF `LlamaRMSNorm`: `w * x / sqrt(mean(x^2) + eps)` over the last axis. */
export class RMSNorm extends Module {
  readonly weight: tf.Variable;

  constructor(
    readonly size: number,
    readonly eps: number,
  ) {
    super();
    this.weight = this.addParameter('weight', () => initializers.ones()([size]));
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => tf.mul(this.weight, tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), this.eps)))));
  }
}
