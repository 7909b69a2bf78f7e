import * as tf from '@tensorflow/tfjs-core';
import { CompositionError, describeSetup, type AdapterSetup, type CompositionBlock } from '@adapters/core';
import { parallelBatchInfo } from '../composition/parallel-state';
import type { LoRAModule } from './lora-module';

/** The library's `LoRAState`: the linear's input and output, and the running delta of the composed modules. */
export interface LoRAState {
  readonly layerInput: tf.Tensor;
  readonly hidden: tf.Tensor | undefined;
  readonly layerOutput: tf.Tensor;
  readonly last: string | undefined;
}

export interface LoRAEnvironment {
  readonly modules: ReadonlyMap<string, LoRAModule>;
  readonly training: boolean;
  readonly scratch: Map<string, unknown>;
}

function rows(tensor: tf.Tensor, begin: number, size: number): tf.Tensor {
  return tf.slice(tensor, [begin], [size]);
}

function sliceState(state: LoRAState, begin: number, size: number): LoRAState {
  const hidden = state.hidden === undefined || state.hidden.shape.length < state.layerInput.shape.length ? state.hidden : rows(state.hidden, begin, size);
  return { layerInput: rows(state.layerInput, begin, size), hidden, layerOutput: rows(state.layerOutput, begin, size), last: state.last };
}

function repeatState(state: LoRAState, channels: number): LoRAState {
  const repeat = (tensor: tf.Tensor): tf.Tensor => tf.tile(tensor, tensor.shape.map((_, axis) => (axis === 0 ? channels : 1)));
  const hidden = state.hidden === undefined || state.hidden.shape.length < state.layerInput.shape.length ? state.hidden : repeat(state.hidden);
  return { layerInput: repeat(state.layerInput), hidden, layerOutput: repeat(state.layerOutput), last: state.last };
}

/** Broadcasts a state-independent IA3 vector to full rows so slices and concatenations line up. */
function fullHidden(state: LoRAState): tf.Tensor | undefined {
  if (state.hidden === undefined) return undefined;
  if (state.hidden.shape.length === state.layerOutput.shape.length) return state.hidden;
  return tf.mul(tf.onesLike(state.layerOutput), state.hidden);
}

function concatStates(states: readonly LoRAState[]): LoRAState {
  const hiddens = states.map(fullHidden);
  const hidden = hiddens.every((value) => value !== undefined) ? tf.concat(hiddens as tf.Tensor[], 0) : undefined;
  return {
    layerInput: tf.concat(states.map((state) => state.layerInput), 0),
    hidden,
    layerOutput: tf.concat(states.map((state) => state.layerOutput), 0),
    last: states[states.length - 1]?.last,
  };
}

function composeSingle(name: string, state: LoRAState, environment: LoRAEnvironment): LoRAState {
  const module = environment.modules.get(name) as LoRAModule;
  return { ...state, hidden: module.forward(state.hidden, state.layerInput, environment.training), last: name };
}

function composeChild(child: AdapterSetup, state: LoRAState, environment: LoRAEnvironment): LoRAState | undefined {
  if (typeof child !== 'string') return composeLoRA(child, state, environment);
  return environment.modules.has(child) ? composeSingle(child, state, environment) : undefined;
}

/** Executes a composition block on one LoRA/IA3 linear, following the library's `LoRALinear`. */
export function composeLoRA(block: CompositionBlock, state: LoRAState, environment: LoRAEnvironment): LoRAState {
  switch (block.kind) {
    case 'stack': {
      let current = state;
      for (const child of block.children) current = composeChild(child, current, environment) ?? current;
      return current;
    }
    case 'batch-split': {
      let begin = 0;
      return concatStates(
        block.children.map((child, index) => {
          const size = block.batchSizes[index] as number;
          const slice = sliceState(state, begin, size);
          begin += size;
          return composeChild(child, slice, environment) ?? slice;
        }),
      );
    }
    case 'parallel': {
      const channels = block.children.length;
      const info = parallelBatchInfo(environment.scratch, state.layerInput.shape[0] as number, channels, { allowMultiParallelize: true });
      const replicated = info.replicate ? repeatState(state, channels) : state;
      return concatStates(
        block.children.map((child, index) => {
          const slice = sliceState(replicated, index * info.originalBatchSize, info.originalBatchSize);
          return composeChild(child, slice, environment) ?? slice;
        }),
      );
    }
    case 'average': {
      const results = block.children
        .map((child) => composeChild(child, state, environment))
        .filter((result): result is LoRAState => result !== undefined && result.hidden !== undefined);
      // (1/N) * sum_i(w_i * delta_i), as the library's `mean` (spec I.1).
      const weighted = results.map((result, index) => tf.mul(fullHidden(result) as tf.Tensor, block.weights[index] as number));
      return { ...state, hidden: tf.div(tf.addN(weighted), weighted.length), last: results[results.length - 1]?.last };
    }
    default:
      throw new CompositionError({
        block: block.kind,
        message: `LoRA/IA3 adapters support Stack, Parallel, BatchSplit and Average, not ${describeSetup(block)}.`,
      });
  }
}
