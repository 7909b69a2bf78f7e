import * as tf from '@tensorflow/tfjs-core';
import { CompositionError, lastAdapter, type FuseBlock } from '@adapters/core';
import { composeBlock, composeSingle, type BottleneckEnvironment, type BottleneckState } from '../bottleneck/bottleneck-composition';
import type { FusionEntry } from './fusion-entry';

/** Scratch key under which a forward call collects fusion attention probabilities (when asked to). */
export const FUSION_ATTENTIONS_SCRATCH = 'adapters.fusionAttentions';

/**
 * Executes a Fuse block at one bottleneck location (the library's `compose_fuse`): the last fused adapter's
 * pre-forward gives the query and residual, each child produces its scaled up-projection, and the fusion
 * layer attends over them.
 */
export function composeFuse(
  fusions: ReadonlyMap<string, FusionEntry>,
  block: FuseBlock,
  state: BottleneckState,
  environment: BottleneckEnvironment,
  level: number,
): BottleneckState {
  const fusion = fusions.get(block.name);
  if (fusion === undefined) {
    throw new CompositionError({ block: 'Fuse', message: `No fusion layer named '${block.name}'; add it with addAdapterFusion(Fuse(...)). Available: ${[...fusions.keys()].join(', ') || '(none)'}.` });
  }
  const layer = fusion.layers.get(environment.location);
  if (layer === undefined) return state;
  const last = lastAdapter(block);
  const lastModule = environment.adapters.get(last);
  if (lastModule === undefined) return state;
  const { hidden, residual, query } = lastModule.preForward(state.hidden, state.input, environment.layerNorm, fusion.config.queryBeforeLn);
  const prepared: BottleneckState = { ...state, hidden, adapterResidual: residual };
  const ups: tf.Tensor3D[] = [];
  for (const child of block.children) {
    const result =
      typeof child === 'string'
        ? environment.adapters.has(child)
          ? composeSingle(child, prepared, environment)
          : undefined
        : composeBlock(child, prepared, environment, level + 1);
    if (result?.up !== undefined) ups.push(result.up);
  }
  const { output, probabilities } = layer.forward(query, ups, prepared.adapterResidual, environment.training);
  const collected = environment.scratch.get(FUSION_ATTENTIONS_SCRATCH) as Map<string, tf.Tensor> | undefined;
  if (collected !== undefined) {
    const [layerIndex, site] = environment.location.split(':') as [string, string];
    collected.set(`${block.name}.layer${layerIndex}.${site === 'attention' ? 'mh_adapter' : 'output_adapter'}`, tf.keep(probabilities));
  }
  return { ...prepared, hidden: output, last };
}
