import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { fusedGeluAvailable, GELU_KERNEL, registerGeluGradient } from './gelu-kernel';

registerGeluGradient();

export type Activation = (x: tf.Tensor) => tf.Tensor;

const SQRT_HALF = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Exact (erf) GELU, as torch's default and HF's `gelu`: one `AdaptersGelu` op where the backend has the fused
 * kernels (native), else the composite; both agree within 1e-5 in values and gradients.
 */
export function geluExact(x: tf.Tensor): tf.Tensor {
  if (x.dtype === 'float32' && fusedGeluAvailable()) return tf.engine().runKernel(GELU_KERNEL, { x }) as tf.Tensor;
  return geluExactComposite(x);
}

/** The exact GELU through tfjs ops: every backend runs it. */
export function geluExactComposite(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT_HALF)))));
}

/** Tanh-approximated GELU: HF's `gelu_new` / `gelu_pytorch_tanh`. */
function geluTanh(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** torch LeakyReLU default slope 0.01. */
function leakyRelu(x: tf.Tensor): tf.Tensor {
  return tf.leakyRelu(x, 0.01);
}

const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  gelu: geluExact,
  gelu_orig: geluExact,
  gelu_new: geluTanh,
  gelu_pytorch_tanh: geluTanh,
  gelu_fast: geluTanh,
  relu: (x) => tf.relu(x),
  silu,
  swish: silu,
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  leakyrelu: leakyRelu,
  leaky_relu: leakyRelu,
  linear: (x) => tf.clone(x),
  identity: (x) => tf.clone(x),
};

export const ACTIVATION_NAMES: readonly string[] = Object.keys(ACTIVATIONS);

/** Looks an activation up by its HF / AdapterHub name (case-insensitive). */
export function getActivation(name: string, field = 'activation'): Activation {
  const activation = ACTIVATIONS[name.toLowerCase()];
  if (activation === undefined) {
    throw new InvalidConfigError({ path: field, expected: `one of ${ACTIVATION_NAMES.join(', ')}`, received: name });
  }
  return activation;
}
