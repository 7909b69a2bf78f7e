import * as tf from '@tensorflow/tfjs-core';

/**
 * `x - max - log(sum(exp(x - max)))` over the last axis, from primitive ops. tfjs's own `logSoftmax` is a
 * custom-gradient op whose saved tensors trip the wasm backend's kernel leak check under `IS_TEST`; this
 * form has ordinary gradients (the max terms cancel in the gradient) and the same numerical stability.
 */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axis = logits.shape.length - 1;
    const shifted = tf.sub(logits, tf.max(logits, axis, true));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
  });
}
