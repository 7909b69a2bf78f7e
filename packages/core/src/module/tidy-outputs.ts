import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for functions returning typed output records (`{ lastHiddenState, poolerOutput? }`):
 * tfjs keeps every tensor inside the returned object. Interfaces lack the index signature tfjs's
 * `TensorContainer` asks for, hence the one cast here instead of at every call site.
 */
export function tidyOutputs<T extends object>(body: () => T): T {
  return tf.tidy(body as unknown as () => tf.TensorContainer) as unknown as T;
}
