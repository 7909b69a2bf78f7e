import * as tf from '@tensorflow/tfjs-core';

/**
 * The exact (erf) GELU as one registered op each way: `AdaptersGelu` (input x) and `AdaptersGeluGrad`
 * (inputs dy, x). A backend that registers both (the native addon) records one tape entry per GELU instead of
 * 5 forward and ~12 backward kernels over the FFN's largest tensor; every other backend runs the composite.
 */
export const GELU_KERNEL = 'AdaptersGelu';
export const GELU_GRAD_KERNEL = 'AdaptersGeluGrad';

/** True when the active backend runs the exact GELU as one kernel each way. */
export function fusedGeluAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(GELU_KERNEL, backend) !== undefined && tf.getKernel(GELU_GRAD_KERNEL, backend) !== undefined;
}

const GELU_GRADIENT: tf.GradConfig = {
  kernelName: GELU_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.engine().runKernel(GELU_GRAD_KERNEL, { dy: dy as tf.Tensor, x }) as tf.Tensor };
  },
};

/** Registers the gradient (global, every backend). Idempotent; the native backend registers the kernels. */
export function registerGeluGradient(): void {
  if (tf.getGradient(GELU_KERNEL) === undefined) tf.registerGradient(GELU_GRADIENT);
}
