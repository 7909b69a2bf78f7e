import * as tf from '@tensorflow/tfjs-core';

// 2π split so that k * HIGH is exact in float32 for |k| < 2^16 (HIGH has 8 significant bits): Cody-Waite reduction.
const TWO_PI_HIGH = 6.28125;
const TWO_PI_LOW = 2 * Math.PI - TWO_PI_HIGH;
const INVERSE_TWO_PI = 1 / (2 * Math.PI);

/** Horner evaluation of `1 - x²/(a1)(1 - x²/(a2)(1 - ...))`, the nested Taylor form of sin(x)/x and cos(x). */
function nestedTaylor(squared: tf.Tensor, denominators: readonly number[]): tf.Tensor {
  let result: tf.Tensor = tf.onesLike(squared);
  for (let index = denominators.length - 1; index >= 0; index -= 1) {
    result = tf.sub(1, tf.mul(tf.div(squared, denominators[index] as number), result));
  }
  return result;
}

/**
 * cos and sin of float32 angles to about 1e-6, on every backend alike. WGSL lets `cos`/`sin` be off by 2^-11 on
 * [-π, π] (SwiftShader and real GPUs use that freedom), which moves a Llama's hidden states by 1e-4, so the
 * rotary tables are computed here from multiplies and adds: reduce to [-π, π], then Taylor series to degree 18.
 */
export function preciseCosSin(angles: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const turns = tf.round(tf.mul(angles, INVERSE_TWO_PI));
    const reduced = tf.sub(tf.sub(angles, tf.mul(turns, TWO_PI_HIGH)), tf.mul(turns, TWO_PI_LOW));
    const squared = tf.square(reduced);
    // sin(x) = x(1 - x²/(2·3)(1 - x²/(4·5)(...))), cos(x) = 1 - x²/(1·2)(1 - x²/(3·4)(...))
    const sine = tf.mul(reduced, nestedTaylor(squared, [6, 20, 42, 72, 110, 156, 210, 272]));
    const cosine = nestedTaylor(squared, [2, 12, 30, 56, 90, 132, 182, 240, 306]);
    return [cosine, sine];
  });
}
