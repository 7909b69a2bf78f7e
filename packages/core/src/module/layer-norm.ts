import { assertTensorSize } from '../config/size-limits';
import * as tf from '@tensorflow/tfjs-core';
import { initializers } from './initializers';
import { fusedLayerNormAvailable, LAYER_NORM_KERNEL, registerLayerNormKernels } from './layer-norm-kernel';
import { Module } from './module';

registerLayerNormKernels();

/** LayerNorm over the last axis with PyTorch's biased variance and `eps` inside the square root. */
export class LayerNorm extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly size: number,
    readonly eps = 1e-5,
    options: { trainable?: boolean } = {},
  ) {
    super();
    assertTensorSize([size], 'LayerNorm.weight');
    this.weight = this.addParameter('weight', () => initializers.ones()([size]), options.trainable ?? true);
    this.bias = this.addParameter('bias', () => initializers.zeros()([size]), options.trainable ?? true);
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return layerNormForward(x, this.weight, this.bias, this.eps);
  }
}

/**
 * One `AdaptersLayerNorm` op where the backend has the fused kernels (native, cpu), else the composite
 * (`layerNormComposite`); both agree within 1e-5 in values and gradients.
 */
export function layerNormForward(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  const fused = x.dtype === 'float32' && x.rank > 0 && weight.rank === 1 && bias.rank === 1 && weight.size === x.shape[x.rank - 1] && bias.size === weight.size && fusedLayerNormAvailable();
  if (!fused) return layerNormComposite(x, weight, bias, eps);
  return tf.engine().runKernel(LAYER_NORM_KERNEL, { x, gamma: weight, beta: bias }, { epsilon: eps }) as tf.Tensor;
}

/** LayerNorm through tfjs ops: every backend runs it. */
export function layerNormComposite(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const axis = x.shape.length - 1;
    const mean = tf.mean(x, axis, true);
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centered), axis, true);
    const normalized = tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normalized, weight), bias);
  });
}
