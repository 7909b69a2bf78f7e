import * as tf from '@tensorflow/tfjs-core';

/**
 * PyTorch's Linear `y = x Wᵀ + b` on any rank as one registered op: `AdaptersLinear` (inputs x, weight and
 * optionally bias). A backend that registers it (the native addon: one sgemm accumulating onto the bias rows)
 * records one tape entry where the composite records reshape, matmul, bias add and reshape; every other backend
 * runs the composite. The gradient is tfjs ops, each computed only when the tape asks for it: a frozen weight
 * costs nothing in the backward pass.
 */
export const LINEAR_KERNEL = 'AdaptersLinear';

/** True when the active backend runs Linear as one kernel. */
export function fusedLinearAvailable(): boolean {
  return tf.getKernel(LINEAR_KERNEL, tf.getBackend()) !== undefined;
}

/** `value` as `[rows, last]` (a matrix already is: no reshape op). */
function rows(value: tf.Tensor): tf.Tensor2D {
  return value.rank === 2 ? (value as tf.Tensor2D) : tf.reshape(value, [-1, value.shape[value.shape.length - 1] as number]);
}

const LINEAR_GRADIENT: tf.GradConfig = {
  kernelName: LINEAR_KERNEL,
  inputsToSave: ['x', 'weight'],
  gradFunc: (dy, saved) => {
    const [x, weight] = saved as [tf.Tensor, tf.Tensor2D];
    const upstream = dy as tf.Tensor;
    return {
      // [..., out] · W: the batch axes broadcast against W, so no reshapes (native folds them into one sgemm).
      x: () => (upstream.rank >= 2 ? tf.matMul(upstream, weight) : tf.reshape(tf.matMul(rows(upstream), weight), x.shape)),
      weight: () => tf.matMul(rows(upstream), rows(x), true, false),
      // Summed over every axis but the last in place (the same rows in the same order as over rows(dy)).
      bias: () => (upstream.rank >= 2 ? tf.sum(upstream, Array.from({ length: upstream.rank - 1 }, (_, axis) => axis)) : tf.sum(rows(upstream), 0)),
    };
  },
};

/** Registers the gradient (global, every backend). Idempotent; the native backend registers the kernel. */
export function registerLinearGradient(): void {
  if (tf.getGradient(LINEAR_KERNEL) === undefined) tf.registerGradient(LINEAR_GRADIENT);
}
