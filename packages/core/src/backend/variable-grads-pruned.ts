import * as tf from '@tensorflow/tfjs-core';
import { backendSharesData, dataReference } from './data-reference';

type TapeNodeGradient = (dys: Array<tf.Tensor | null>) => ReturnType<tf.GradConfig['gradFunc']>;

/** The engine members this module relies on (tfjs-core 4.x; public in its typings, internal in spirit). */
interface KernelFuncEngine {
  state: { gradientDepth: number; kernelDepth: number; activeTape: Array<{ gradient?: TapeNodeGradient }> | null };
  addTapeNode?: (kernelName: string, inputs: unknown, outputs: tf.Tensor[], gradientsFunc: unknown, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => void;
  runKernelFunc?: (params: { inputs?: Record<string, tf.Tensor | null | undefined> | readonly tf.Tensor[] }) => tf.Tensor | tf.Tensor[];
  clone?: (x: tf.Tensor) => tf.Tensor;
}

let active = false;

/** Kernels whose registered gradient reads only the first output's dy (see `declareFirstOutputGradient`). */
const FIRST_OUTPUT_GRADIENTS = new Set<string>();

/**
 * Declares that `kernelName`'s registered gradient reads only `dys[0]`: its other outputs are kept for the
 * backward pass (e.g. the attention's probabilities), never used downstream. tfjs hands a gradient function a
 * zero-filled tensor for every output that received no gradient, built in JavaScript at the output's size
 * (`[B, heads, T, T]` for the attention, every layer, every step); under `variableGradsPruned` such a
 * kernel's gradient gets `null` there instead.
 */
export function declareFirstOutputGradient(kernelName: string): void {
  FIRST_OUTPUT_GRADIENTS.add(kernelName);
}

/**
 * `tf.variableGrads(f, variables)` with the tape kept to the ops that depend on one of `variables`, as torch
 * records only ops with an input that `requires_grad`. tfjs records every op run under `variableGrads` and
 * clones each tensor its gradient saves (an `Identity` kernel per saved tensor), then drops every node that
 * does not descend from `variables` when it backpropagates (`getFilteredNodesXToY`). Ops whose inputs are all
 * outside that set (the frozen embeddings and layers below the first trainable parameter, attention masks,
 * position ids, label bookkeeping) are run here with the tape paused, so they are neither recorded nor
 * cloned. The nodes that remain are exactly those tfjs would keep, in the same order, so values and
 * gradients are the same to the bit. On backends whose `Identity` only shares the data, the tensors a
 * recorded op saves are cloned as `Identity` does (one more reference to the same data) without running the
 * kernel and without the clone's own tape node (a saved copy feeds no forward op, so that node is always
 * pruned). Nested inside another gradient (higher order), or where the engine lacks the members used, it is
 * plain `tf.variableGrads`.
 */
export function variableGradsPruned(f: () => tf.Scalar, variables: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const engine = tf.engine() as unknown as KernelFuncEngine;
  const runKernelFunc = engine.runKernelFunc;
  if (active || engine.state.gradientDepth !== 0 || typeof runKernelFunc !== 'function' || typeof engine.state.kernelDepth !== 'number') {
    return tf.variableGrads(f, variables);
  }
  // Tensors that descend from `variables` (ids): tfjs's own forward pass over the tape, done as ops run.
  const fromVariables = new Set<number>(variables.map((variable) => variable.id));
  const own = Object.getOwnPropertyDescriptor(engine, 'runKernelFunc');
  const ownClone = Object.getOwnPropertyDescriptor(engine, 'clone');
  const ownAddTapeNode = Object.getOwnPropertyDescriptor(engine, 'addTapeNode');
  const addTapeNode = engine.addTapeNode;
  if (typeof addTapeNode === 'function') {
    engine.addTapeNode = function firstOutputAddTapeNode(this: KernelFuncEngine, kernelName, inputs, outputs, gradientsFunc, saved, attrs) {
      addTapeNode.call(this, kernelName, inputs, outputs, gradientsFunc, saved, attrs);
      const config = outputs.length > 1 && FIRST_OUTPUT_GRADIENTS.has(kernelName) ? tf.getGradient(kernelName) : undefined;
      const node = engine.state.activeTape?.[engine.state.activeTape.length - 1];
      // The engine's own closure, less the zeros it would build for the outputs without a gradient.
      if (config !== undefined && node !== undefined) node.gradient = (dys) => config.gradFunc(dys as tf.Tensor[], saved, attrs);
    };
  }
  // What the engine's clone does (run Identity: a reference to the same data) less the kernel call and the tape node.
  if (backendSharesData() && typeof engine.clone === 'function') engine.clone = dataReference;
  engine.runKernelFunc = function prunedRunKernelFunc(this: KernelFuncEngine, params) {
    const { state } = engine;
    // Tape off (outside variableGrads' forward, or inside a kernel or a customGrad forward): nothing to decide.
    if (state.gradientDepth === 0 || state.kernelDepth !== 0) return runKernelFunc.call(this, params);
    if (!hasInputFrom(params.inputs, fromVariables)) {
      // Raising kernelDepth turns `isTapeOn()` off for this op only: no tape node, no saved clones.
      state.kernelDepth += 1;
      try {
        return runKernelFunc.call(this, params);
      } finally {
        state.kernelDepth -= 1;
      }
    }
    const outputs = runKernelFunc.call(this, params);
    for (const output of Array.isArray(outputs) ? outputs : [outputs]) fromVariables.add(output.id);
    return outputs;
  };
  active = true;
  try {
    return tf.variableGrads(f, variables);
  } finally {
    active = false;
    restore(engine, 'runKernelFunc', own);
    restore(engine, 'clone', ownClone);
    restore(engine, 'addTapeNode', ownAddTapeNode);
  }
}

function restore(engine: KernelFuncEngine, key: 'runKernelFunc' | 'clone' | 'addTapeNode', own: PropertyDescriptor | undefined): void {
  if (own === undefined) delete engine[key];
  else Object.defineProperty(engine, key, own);
}

function hasInputFrom(inputs: Record<string, tf.Tensor | null | undefined> | readonly tf.Tensor[] | undefined, ids: ReadonlySet<number>): boolean {
  if (inputs === undefined) return false;
  for (const input of Object.values(inputs)) if (input != null && ids.has(input.id)) return true;
  return false;
}
