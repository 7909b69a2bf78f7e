import { assertTensorSize } from '../config/size-limits';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, type Initializer } from './initializers';
import { fusedLinearAvailable, LINEAR_KERNEL, registerLinearGradient } from './linear-kernel';
import { Module } from './module';

export interface LinearOptions {
  readonly bias?: boolean;
  readonly weightInitializer?: Initializer;
  readonly biasInitializer?: Initializer;
  readonly trainable?: boolean;
}

/** `y = x W^T + b` with PyTorch's `[out, in]` weight layout, so files load without transposes. */
export class Linear extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    assertTensorSize([outFeatures, inFeatures], 'Linear.weight');
    const trainable = options.trainable ?? true;
    this.weight = this.addParameter(
      'weight',
      () => (options.weightInitializer ?? initializers.torchLinearDefault(inFeatures))([outFeatures, inFeatures]),
      trainable,
    );
    this.bias =
      options.bias === false
        ? undefined
        : this.addParameter(
            'bias',
            () => (options.biasInitializer ?? initializers.torchLinearDefault(inFeatures))([outFeatures]),
            trainable,
          );
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return linearForward(x, this.weight, this.bias);
  }
}

/**
 * The linear map on any rank: one `AdaptersLinear` op where the backend has the fused kernel (native), else
 * `linearComposite`; both agree within 1e-5 in values and gradients.
 */
export function linearForward(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  const fused =
    x.dtype === 'float32' &&
    x.rank >= 1 &&
    weight.rank === 2 &&
    weight.dtype === 'float32' &&
    weight.shape[1] === x.shape[x.rank - 1] &&
    (bias === undefined || (bias.rank === 1 && bias.dtype === 'float32' && bias.size === weight.shape[0])) &&
    fusedLinearAvailable();
  if (!fused) return linearComposite(x, weight, bias);
  registerLinearGradient();
  return tf.engine().runKernel(LINEAR_KERNEL, bias === undefined ? { x, weight } : { x, weight, bias }) as tf.Tensor;
}

/** The linear map through tfjs ops: flattens leading axes, multiplies by W^T, adds the bias. Every backend runs it. */
export function linearComposite(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  return tf.tidy(() => {
    const inFeatures = x.shape[x.shape.length - 1] as number;
    const leading = x.shape.slice(0, -1);
    const flat = tf.reshape(x, [-1, inFeatures]);
    let output: tf.Tensor = tf.matMul(flat, weight as tf.Tensor2D, false, true);
    if (bias !== undefined) output = tf.add(output, bias);
    return tf.reshape(output, [...leading, weight.shape[0] as number]);
  });
}
