import * as tf from '@tensorflow/tfjs-core';
import { untaped } from '../backend/untaped';

/**
 * `x - max - log(sum(exp(x - max)))` over the last axis, from primitive ops. tfjs's own `logSoftmax` is a
 * custom-gradient op whose saved tensors trip the wasm backend's kernel leak check under `IS_TEST`; this
 * form has ordinary gradients and the same numerical stability. The max is a constant shift (the result does
 * not depend on it), so it is taken off the tape: the gradient is torch's `log_softmax` backward,
 * `dy - softmax · Σdy`, without the Max and shift gradients that would only add rounding noise.
 */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axis = logits.shape.length - 1;
    const shifted = tf.sub(logits, untaped(() => tf.max(logits, axis, true)));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
  });
}
