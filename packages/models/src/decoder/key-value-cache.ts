import * as tf from '@tensorflow/tfjs-core';

/** One layer's cached keys/values `[B, kvHeads, S, headDim]` (after RoPE, before repeat_kv), prefix first. */
export interface LayerKeyValues {
  readonly key: tf.Tensor4D;
  readonly value: tf.Tensor4D;
  /** Prefix-tuning positions at the front of `key`/`value` (they are not tokens and have no mask entry). */
  readonly prefixLength: number;
}

/**
 * HF's `past_key_values`: the keys and values of every token seen so far, per layer, so a generation step
 * only runs the new token. The caller owns it and must `dispose()` it; a decoder forward given a cache
 * reads it and replaces each layer's entry with the extended one.
 */
export class KeyValueCache {
  private readonly entries: Array<LayerKeyValues | undefined> = [];
  /** Tokens cached (prefix positions excluded). */
  length = 0;

  layer(index: number): LayerKeyValues | undefined {
    return this.entries[index];
  }

  /** Stores a layer's extended keys/values; they survive the forward's `tidy`, the old ones are freed. */
  setLayer(index: number, entry: LayerKeyValues): void {
    const previous = this.entries[index];
    this.entries[index] = { key: tf.keep(entry.key), value: tf.keep(entry.value), prefixLength: entry.prefixLength };
    if (previous !== undefined) tf.dispose([previous.key, previous.value]);
  }

  /** Bytes held (float32): `2 * layers * B * kvHeads * S * headDim * 4`. */
  byteSize(): number {
    return this.entries.reduce((total, entry) => total + (entry === undefined ? 0 : 4 * (entry.key.size + entry.value.size)), 0);
  }

  dispose(): void {
    for (const entry of this.entries) if (entry !== undefined) tf.dispose([entry.key, entry.value]);
    this.entries.length = 0;
    this.length = 0;
  }
}
