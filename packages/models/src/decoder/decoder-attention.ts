import * as tf from '@tensorflow/tfjs-core';
import { commonBatchSize, tileBatchTo } from '../bert/batch-alignment';
import { scaledDotProductAttention, splitHeads } from './causal-attention';
import type { DecoderLayerCall } from './decoder-model';

export interface AttentionShape {
  readonly layer: number;
  readonly numHeads: number;
  readonly numKeyValueHeads: number;
  readonly headDim: number;
  readonly dropoutRate: number;
  /** Rotary embedding of `[B, heads, T, d]` at the call's positions (Llama); GPT-2 has none. */
  readonly rotate?: (x: tf.Tensor4D, positionIds: tf.Tensor2D) => tf.Tensor4D;
}

/**
 * The decoder attention core shared by GPT-2 and Llama: split heads, RoPE, prefix-tuning prefixes (kv-head
 * sized, after RoPE, before repeat_kv; only when the cache is empty, since cached keys already hold them), the
 * cache, then eager attention. `query`/`key`/`value` are the projected `[B, T, *]` tensors.
 */
export function decoderAttention(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, call: DecoderLayerCall, shape: AttentionShape): tf.Tensor3D {
  const { hooks, context, cache } = call;
  const batchSize = commonBatchSize(query, key, value, call.mask);
  const positions = tileBatchTo(call.positionIds, batchSize, 'position_ids');
  let queryHeads = splitHeads(tileBatchTo(query, batchSize, 'query'), shape.numHeads, shape.headDim);
  let keyHeads = splitHeads(tileBatchTo(key, batchSize, 'key'), shape.numKeyValueHeads, shape.headDim);
  let valueHeads = splitHeads(tileBatchTo(value, batchSize, 'value'), shape.numKeyValueHeads, shape.headDim);
  if (shape.rotate !== undefined) {
    queryHeads = shape.rotate(queryHeads, positions);
    keyHeads = shape.rotate(keyHeads, positions);
  }
  const cached = cache?.layer(shape.layer);
  let prefixLength = cached?.prefixLength ?? 0;
  if (cached === undefined) {
    const prefix = hooks?.attentionPrefix?.(
      { layer: shape.layer, batchSize, numHeads: shape.numKeyValueHeads, headSize: shape.headDim },
      context,
    );
    if (prefix !== undefined) {
      keyHeads = tf.concat([prefix.key, keyHeads], 2);
      valueHeads = tf.concat([prefix.value, valueHeads], 2);
      prefixLength = prefix.key.shape[2];
    }
  } else {
    keyHeads = tf.concat([cached.key, keyHeads], 2);
    valueHeads = tf.concat([cached.value, valueHeads], 2);
  }
  if (cache !== undefined) cache.setLayer(shape.layer, { key: keyHeads, value: valueHeads, prefixLength });
  let mask = tileBatchTo(call.mask, batchSize, 'attention_mask');
  if (prefixLength > 0) {
    const [, , queries] = mask.shape;
    mask = tf.concat([tf.zeros([batchSize, 1, queries, prefixLength]), mask], 3);
  }
  return scaledDotProductAttention(queryHeads, keyHeads, valueHeads, mask, { dropoutRate: shape.dropoutRate, training: context.training });
}
