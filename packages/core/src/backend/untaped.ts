import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` without recording its ops on the gradient tape: its results are constants to every enclosing
 * gradient (torch's `detach` / TensorFlow's `stop_gradient`, which tfjs lacks), and the tape saves nothing for
 * them. The engine records nothing while a kernel runs (`kernelDepth` above 0); this raises it for `fn`.
 */
export function untaped<T extends tf.TensorContainer>(fn: () => T): T {
  const state = (tf.engine() as unknown as { state: { kernelDepth: number } }).state;
  state.kernelDepth += 1;
  try {
    return fn();
  } finally {
    state.kernelDepth -= 1;
  }
}
