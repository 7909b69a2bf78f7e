import type * as tf from '@tensorflow/tfjs-core';
import type { LayerRange } from '@adapters/core';

/** Inputs of a BERT-style encoder: int32 `[B, T]` tensors. */
export interface EncoderInputs {
  readonly inputIds: tf.Tensor2D;
  /** 1 for real tokens, 0 for pads; default all ones. */
  readonly attentionMask?: tf.Tensor2D;
  /** Segment ids; default zeros. */
  readonly tokenTypeIds?: tf.Tensor2D;
  /** Explicit position ids; default BERT 0..T-1 or RoBERTa's pad-aware ids. */
  readonly positionIds?: tf.Tensor2D;
}

export interface EncoderForwardOptions {
  /** Dropout on (default false: eval mode). */
  readonly training?: boolean;
  /** Also return the embedding output and every layer's output. */
  readonly outputHiddenStates?: boolean;
  /** The composition expression passed to adapter hooks for this call. */
  readonly adapterSetup?: unknown;
  /** Extra per-call state for hooks (e.g. fusion attention capture). */
  readonly scratch?: Map<string, unknown>;
  /** Run part of the layer stack only (AdapterDrop's frozen-layer cache); `hiddenStates` then covers the layers run. */
  readonly layerRange?: LayerRange;
  /** false: skip the pooler (no `poolerOutput`; a loss-only forward whose heads do not read it). Default true. */
  readonly pooler?: boolean;
}

export interface EncoderOutput {
  /** `[B', T, H]`; B' = B times the number of Parallel branches. */
  readonly lastHiddenState: tf.Tensor3D;
  /** `[B', H]` when the model has a pooler. */
  readonly poolerOutput?: tf.Tensor2D;
  /** `hiddenStates[0]` is the embedding output, `hiddenStates[i]` layer i's output. */
  readonly hiddenStates?: tf.Tensor3D[];
  /** The `[B', T]` float mask matching `lastHiddenState` (tiled when the batch was replicated). */
  readonly attentionMask: tf.Tensor2D;
}
