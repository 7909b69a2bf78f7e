import * as tf from '@tensorflow/tfjs-core';
import { CompositionError, firstAdapter, flattenAdapterNames, type AdapterSetup, type CompositionBlock } from '@adapters/core';
import { parallelBatchInfo } from '../composition/parallel-state';
import type { BottleneckAdapter } from './bottleneck-adapter';

/** The running state at one bottleneck location (the library's `BottleneckState`). */
export interface BottleneckState {
  readonly hidden: tf.Tensor3D;
  /** The sub-layer input `r` (residual of the transformer block). */
  readonly input: tf.Tensor3D;
  /** The residual the adapter adds back. */
  readonly adapterResidual: tf.Tensor3D;
  /** Scaled up-projection of the last adapter (fusion input). */
  readonly up?: tf.Tensor3D;
  readonly last?: string;
}

export interface BottleneckEnvironment {
  /** `layer:site` of this location. */
  readonly location: `${number}:${string}`;
  readonly adapters: ReadonlyMap<string, BottleneckAdapter>;
  readonly layerNorm: (x: tf.Tensor) => tf.Tensor3D;
  readonly training: boolean;
  readonly scratch: Map<string, unknown>;
  /** Runs a Fuse block (provided by the fusion module); undefined when no fusion layers exist. */
  readonly fuse?: (block: CompositionBlock & { kind: 'fuse' }, state: BottleneckState, environment: BottleneckEnvironment, level: number) => BottleneckState;
}

function preBlock(setup: AdapterSetup, state: BottleneckState, environment: BottleneckEnvironment): BottleneckState {
  const name = typeof setup === 'string' ? setup : firstAdapter(setup);
  const adapter = environment.adapters.get(name);
  if (adapter === undefined) return state;
  const { hidden, residual } = adapter.preForward(state.hidden, state.input, environment.layerNorm);
  return { ...state, hidden, adapterResidual: residual };
}

export function composeSingle(name: string, state: BottleneckState, environment: BottleneckEnvironment): BottleneckState {
  const adapter = environment.adapters.get(name) as BottleneckAdapter;
  const { output, up } = adapter.forward(state.hidden, state.adapterResidual, environment.training);
  return { ...state, hidden: output, up, last: name };
}

function sliceRows(state: BottleneckState, begin: number, size: number): BottleneckState {
  const rows = <T extends tf.Tensor>(tensor: T): T => tf.slice(tensor, [begin, 0, 0], [size, -1, -1]) as T;
  return {
    hidden: rows(state.hidden),
    input: rows(state.input),
    adapterResidual: rows(state.adapterResidual),
    up: state.up === undefined ? undefined : rows(state.up),
    last: state.last,
  };
}

function sliceSequence(state: BottleneckState, begin: number, size: number): BottleneckState {
  const columns = <T extends tf.Tensor>(tensor: T): T => tf.slice(tensor, [0, begin, 0], [-1, size, -1]) as T;
  return {
    hidden: columns(state.hidden),
    input: columns(state.input),
    adapterResidual: columns(state.adapterResidual),
    up: state.up === undefined ? undefined : columns(state.up),
    last: undefined,
  };
}

function concatRows(states: readonly BottleneckState[]): BottleneckState {
  const first = states[0] as BottleneckState;
  const join = (pick: (state: BottleneckState) => tf.Tensor3D): tf.Tensor3D => tf.concat(states.map(pick), 0);
  return {
    hidden: join((state) => state.hidden),
    input: join((state) => state.input),
    adapterResidual: join((state) => state.adapterResidual),
    up: first.up === undefined ? undefined : join((state) => state.up as tf.Tensor3D),
    last: states[states.length - 1]?.last,
  };
}

function repeatRows(state: BottleneckState, channels: number): BottleneckState {
  const repeat = (tensor: tf.Tensor3D): tf.Tensor3D => tf.tile(tensor, [channels, 1, 1]);
  return {
    hidden: repeat(state.hidden),
    input: repeat(state.input),
    adapterResidual: repeat(state.adapterResidual),
    up: state.up === undefined ? undefined : repeat(state.up),
    last: state.last,
  };
}

function composeChild(child: AdapterSetup, state: BottleneckState, environment: BottleneckEnvironment, level: number): BottleneckState | undefined {
  if (typeof child !== 'string') return composeBlock(child, state, environment, level + 1);
  if (environment.adapters.has(child)) return composeSingle(child, state, environment);
  return undefined;
}

/** Executes a composition block at one bottleneck location, following the library's `compose_*` methods. */
export function composeBlock(block: CompositionBlock, state: BottleneckState, environment: BottleneckEnvironment, level = 0): BottleneckState {
  switch (block.kind) {
    case 'stack': {
      let current = state;
      for (const child of block.children) {
        if (typeof child === 'string') {
          if (!environment.adapters.has(child)) continue;
          current = composeSingle(child, preBlock(child, current, environment), environment);
        } else {
          current = composeBlock(child, current, environment, level + 1);
        }
      }
      return current;
    }
    case 'fuse': {
      if (environment.fuse === undefined) {
        throw new CompositionError({ block: 'Fuse', message: `Fuse '${block.name}' needs a fusion layer; add one with addAdapterFusion().` });
      }
      return environment.fuse(block, state, environment, level);
    }
    case 'split': {
      const length = state.hidden.shape[1];
      const total = block.splits.reduce((sum, size) => sum + size, 0);
      if (total !== length) {
        throw new CompositionError({ block: 'Split', message: `Split sizes [${block.splits.join(', ')}] sum to ${total}, but the sequence has ${length} tokens.` });
      }
      const prepared = preBlock(block, state, environment);
      const outputs: tf.Tensor3D[] = [];
      let last: string | undefined;
      let begin = 0;
      block.children.forEach((child, index) => {
        const size = block.splits[index] as number;
        const result = composeChild(child, sliceSequence(prepared, begin, size), environment, level);
        begin += size;
        if (result === undefined) return;
        outputs.push(result.hidden);
        last = result.last ?? last;
      });
      return { ...prepared, hidden: tf.concat(outputs, 1), last };
    }
    case 'batch-split': {
      const rows = state.hidden.shape[0];
      const total = block.batchSizes.reduce((sum, size) => sum + size, 0);
      if (total !== rows) {
        throw new CompositionError({ block: 'BatchSplit', message: `BatchSplit sizes [${block.batchSizes.join(', ')}] sum to ${total}, but the batch has ${rows} rows.` });
      }
      const prepared = preBlock(block, state, environment);
      let begin = 0;
      const states = block.children.map((child, index) => {
        const size = block.batchSizes[index] as number;
        const slice = sliceRows(prepared, begin, size);
        begin += size;
        return composeChild(child, slice, environment, level) ?? slice;
      });
      return concatRows(states);
    }
    case 'parallel': {
      const channels = block.children.length;
      const info = parallelBatchInfo(environment.scratch, state.hidden.shape[0], channels);
      const replicated = info.replicate ? repeatRows(state, channels) : state;
      const prepared = preBlock(block, replicated, environment);
      const states = block.children.map((child, index) => {
        const slice = sliceRows(prepared, index * info.originalBatchSize, info.originalBatchSize);
        return composeChild(child, slice, environment, level) ?? slice;
      });
      return concatRows(states);
    }
    case 'average': {
      const prepared = preBlock(block, state, environment);
      const results = block.children
        .map((child) => composeChild(child, prepared, environment, level))
        .filter((result): result is BottleneckState => result !== undefined);
      // Reproduces the library: mean_i(w_i * out_i) = (1/N) * sum_i(w_i * out_i), residual included (spec I.1).
      const weighted = results.map((result, index) => tf.mul(result.hidden, block.weights[index] as number));
      const hidden = tf.div(tf.addN(weighted), weighted.length) as tf.Tensor3D;
      return { ...prepared, hidden, up: results[0]?.up, last: results[results.length - 1]?.last };
    }
  }
}

/** True when the setup names at least one adapter that has a module at this location. */
export function setupTouches(setup: AdapterSetup, adapters: ReadonlyMap<string, unknown>): boolean {
  return flattenAdapterNames(setup).some((name) => adapters.has(name));
}
