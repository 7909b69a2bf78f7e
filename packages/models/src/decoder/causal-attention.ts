import * as tf from '@tensorflow/tfjs-core';
import { dropout } from '@adapters/core';

/** HF fills masked scores with `finfo(float32).min`. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * The additive causal + padding mask `[B, 1, T, S]` for T new queries after `pastLength` cached tokens:
 * key j is visible to query i when `j <= pastLength + i` and `keyMask[b, j] == 1`. Built from one 0/1 product so a
 * fully masked row (a left pad) gets `min`, never `2 * min` (= -inf, then NaN).
 */
export function causalMask(keyMask: tf.Tensor2D, queryLength: number, pastLength: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batchSize, keyLength] = keyMask.shape;
    const queries = tf.reshape(tf.range(pastLength, pastLength + queryLength, 1, 'int32'), [queryLength, 1]);
    const keys = tf.reshape(tf.range(0, keyLength, 1, 'int32'), [1, keyLength]);
    const causal = tf.cast(tf.lessEqual(keys, queries), 'float32');
    const allowed = tf.mul(tf.reshape(causal, [1, 1, queryLength, keyLength]), tf.reshape(keyMask, [batchSize, 1, 1, keyLength]));
    return tf.mul(tf.sub(1, allowed), FLOAT32_MIN) as tf.Tensor4D;
  });
}

/** `[B, T, heads * d]` → `[B, heads, T, d]`. */
export function splitHeads(x: tf.Tensor, heads: number, headDim: number): tf.Tensor4D {
  const [batchSize, length] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batchSize, length, heads, headDim]), [0, 2, 1, 3]);
}

/** HF `repeat_kv`: each of the kv heads serves `groups` consecutive query heads. */
export function repeatKeyValues(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  if (groups === 1) return x;
  const [batchSize, heads, length, headDim] = x.shape;
  // rank-4 tile (tfjs has no rank-5 tile gradient)
  const expanded = tf.tile(tf.reshape(x, [batchSize, heads, 1, length * headDim]), [1, 1, groups, 1]);
  return tf.reshape(expanded, [batchSize, heads * groups, length, headDim]);
}

/**
 * Eager attention: `softmax(q k^T * scale + mask) v` with GQA, merged back to `[B, T, heads * d]`.
 * `mask` is `[B, 1, T, S]` (S = prefix + cached + new keys).
 */
export function scaledDotProductAttention(
  query: tf.Tensor4D,
  key: tf.Tensor4D,
  value: tf.Tensor4D,
  mask: tf.Tensor4D,
  options: { dropoutRate: number; training: boolean },
): tf.Tensor3D {
  const [batchSize, heads, length, headDim] = query.shape;
  const groups = heads / key.shape[1];
  const scores = tf.add(tf.mul(tf.matMul(query, repeatKeyValues(key, groups), false, true), 1 / Math.sqrt(headDim)), mask);
  const probabilities = dropout(tf.softmax(scores, -1), options.dropoutRate, options.training);
  const context = tf.matMul(probabilities, repeatKeyValues(value, groups));
  return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batchSize, length, heads * headDim]);
}
