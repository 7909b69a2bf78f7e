import * as tf from '@tensorflow/tfjs-core';
import type { FusedLinearSite, LinearParameters, LinearSite } from '@adapters/core';
import { commonBatchSize, tileBatchTo } from '../bert/batch-alignment';
import type { DecoderLayerCall } from './decoder-model';

/** Runs a linear and gives its output to the `linearOutput` hook (LoRA, IA3) at `site`. */
export function hookedLinear(
  layer: number,
  site: LinearSite | FusedLinearSite,
  input: tf.Tensor,
  apply: (x: tf.Tensor) => tf.Tensor,
  parameters: () => LinearParameters,
  call: DecoderLayerCall,
): tf.Tensor {
  const output = apply(input);
  if (call.hooks?.linearOutput === undefined) return output;
  return call.hooks.linearOutput({ layer, site, input, output, parameters: parameters() }, call.context);
}

/** The `residual` hook without a LayerNorm (decoders pass `layer_norm=None`): the default is `h + r`. */
export function hookedResidual(layer: number, site: 'attention' | 'ffn', hidden: tf.Tensor3D, input: tf.Tensor3D, call: DecoderLayerCall): tf.Tensor3D {
  const replaced = call.hooks?.residual?.({ layer, site, hidden, input, layerNorm: (x) => x as tf.Tensor3D }, call.context);
  if (replaced !== undefined) return replaced;
  const rows = commonBatchSize(hidden, input);
  return tf.add(tileBatchTo(hidden, rows, 'hidden'), tileBatchTo(input, rows, 'residual'));
}
