import type * as tf from '@tensorflow/tfjs-core';
import type { EncoderForwardOptions, EncoderInputs, EncoderOutput } from '../bert/encoder-io';
import type { KeyValueCache } from './key-value-cache';

/**
 * Inputs of a decoder: `inputIds` `[B, T]`; `attentionMask` covers the cached tokens and the new ones
 * (`[B, past + T]`, HF convention); `positionIds` default `past .. past + T - 1` for every row.
 */
export type DecoderInputs = EncoderInputs;

export interface DecoderForwardOptions extends EncoderForwardOptions {
  /** Read and extended in place (generation); the caller disposes it. */
  readonly cache?: KeyValueCache;
}

export interface DecoderOutput extends EncoderOutput {
  /** `[B']` int32: each row's last non-pad token (`count(ids != pad) - 1`), read by classification heads. */
  readonly sentenceIndex?: tf.Tensor1D;
}
