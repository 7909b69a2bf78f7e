import * as tf from '@tensorflow/tfjs-core';
import { preciseCosSin } from './precise-cos-sin';

/**
 * HF Llama RoPE with `rotate_half`: `inv_freq_j = theta^(-2j/d)`, `angle = t * inv_freq`, cos/sin of
 * `cat(angle, angle)`; `x' = x cos + rotate_half(x) sin`, `rotate_half(x) = cat(-x[d/2:], x[:d/2])`.
 */
export class RotaryEmbedding {
  private readonly inverseFrequencies: Float32Array;

  constructor(
    readonly headDim: number,
    theta: number,
  ) {
    const half = headDim / 2;
    this.inverseFrequencies = Float32Array.from({ length: half }, (_, j) => 1 / theta ** ((2 * j) / headDim));
  }

  /** `x` `[B, heads, T, d]` rotated at `positionIds` `[B, T]`. */
  apply(x: tf.Tensor4D, positionIds: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const [batchSize, , length] = x.shape;
      const half = this.headDim / 2;
      const angles = tf.mul(tf.reshape(tf.cast(positionIds, 'float32'), [batchSize, length, 1]), tf.tensor1d(this.inverseFrequencies));
      const doubled = tf.reshape(tf.concat([angles, angles], -1), [batchSize, 1, length, this.headDim]);
      const [first, second] = tf.split(x, [half, half], -1) as [tf.Tensor, tf.Tensor];
      const rotated = tf.concat([tf.neg(second), first], -1);
      const [cosine, sine] = preciseCosSin(doubled);
      return tf.add(tf.mul(x, cosine), tf.mul(rotated, sine)) as tf.Tensor4D;
    });
  }
}
