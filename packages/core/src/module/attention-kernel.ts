import * as tf from '@tensorflow/tfjs-core';
import { dropout } from './dropout';
import { dropoutMultiplier } from './dropout-mask';
import { nextDropoutSeed } from './dropout-seed';
import { declareFirstOutputGradient } from '../backend/variable-grads-pruned';

/**
 * The attention core `softmax(Q Kᵀ / √d + mask) V` over every head as one registered op each way:
 * `AdaptersAttention` (inputs query, key, value, mask; attr numHeads; outputs the context and the probabilities)
 * and `AdaptersAttentionGrad` (inputs dy, query, key, value, probabilities; outputs dQuery, dKey, dValue). A
 * backend that registers both (the native addon) records one tape entry where the composite records ~12 forward
 * (head split and merge, two matmuls, scale, mask, softmax) and ~20 backward kernels; every other backend runs
 * the composite of tfjs ops.
 */
export const ATTENTION_KERNEL = 'AdaptersAttention';
/** The same op with a fifth input `dropoutMask`: tfjs's inverted-dropout multiplier on the probabilities. */
export const ATTENTION_DROPOUT_KERNEL = 'AdaptersAttentionDropout';
export const ATTENTION_GRAD_KERNEL = 'AdaptersAttentionGrad';

export interface AttentionAttrs {
  readonly numHeads: number;
}

/** Dropout on the attention probabilities (HF `attention_probs_dropout_prob`), active only in training. */
export interface AttentionDropout {
  readonly rate: number;
  readonly training: boolean;
}

/** True when the active backend runs the attention core as one kernel each way. */
export function fusedAttentionAvailable(): boolean {
  const backend = tf.getBackend();
  return [ATTENTION_KERNEL, ATTENTION_DROPOUT_KERNEL, ATTENTION_GRAD_KERNEL].every((name) => tf.getKernel(name, backend) !== undefined);
}

/** `[B, T, heads·d]` → `[B, heads, T, d]` (HF's `transpose_for_scores`). */
export function splitHeads(x: tf.Tensor, numHeads: number): tf.Tensor4D {
  const [batchSize, length, hidden] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batchSize, length, numHeads, hidden / numHeads]), [0, 2, 1, 3]);
}

/** `[B, heads, T, d]` → `[B, T, heads·d]`. */
export function mergeHeads(x: tf.Tensor): tf.Tensor3D {
  const [batchSize, numHeads, length, headSize] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batchSize, length, numHeads * headSize]);
}

const NO_DROPOUT: AttentionDropout = { rate: 0, training: false };

/** query `[B, T, H]`, key and value `[B, S, H]`, additive mask `[B | 1, 1, T | 1, S]` → context `[B, T, H]`. */
export type AttentionFunction = (
  query: tf.Tensor3D,
  key: tf.Tensor3D,
  value: tf.Tensor3D,
  mask: tf.Tensor4D,
  numHeads: number,
  probabilityDropout?: AttentionDropout,
) => tf.Tensor3D;

/** The attention core through tfjs ops (HF BERT's eager attention): every backend runs it. */
export const attentionComposite: AttentionFunction = (query, key, value, mask, numHeads, probabilityDropout = NO_DROPOUT) =>
  tf.tidy(() => {
    const headSize = (query.shape[2] as number) / numHeads;
    const scores = tf.add(tf.div(tf.matMul(splitHeads(query, numHeads), splitHeads(key, numHeads), false, true), Math.sqrt(headSize)), mask);
    const probabilities = dropout(tf.softmax(scores, -1), probabilityDropout.rate, probabilityDropout.training);
    return mergeHeads(tf.matMul(probabilities, splitHeads(value, numHeads)));
  });

/** Shapes the fused kernels take: float32 `[B, T, H]` query, `[B, S, H]` key and value, mask `[B | 1, 1, T | 1, S]`. */
function fusable(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, mask: tf.Tensor, numHeads: number): boolean {
  if (query.rank !== 3 || key.rank !== 3 || mask.rank !== 4 || !tf.util.arraysEqual(key.shape, value.shape)) return false;
  if ([query, key, value, mask].some((tensor) => tensor.dtype !== 'float32')) return false;
  const [batchSize, length, hidden] = query.shape as [number, number, number];
  const [maskBatch, maskHeads, maskRows, maskColumns] = mask.shape as [number, number, number, number];
  return (
    key.shape[0] === batchSize &&
    key.shape[2] === hidden &&
    Number.isInteger(numHeads) &&
    numHeads > 0 &&
    hidden % numHeads === 0 &&
    (maskBatch === 1 || maskBatch === batchSize) &&
    maskHeads === 1 &&
    (maskRows === 1 || maskRows === length) &&
    maskColumns === key.shape[1] &&
    fusedAttentionAvailable()
  );
}

/**
 * `dropout(softmax(Q Kᵀ / √d + mask)) V` merged back to `[B, T, H]`: one `AdaptersAttention` op where the backend
 * has the fused kernels and the shapes fit, else `attentionComposite`; both agree within 1e-5 in values and
 * gradients, and in training both draw the dropout seed from the step's stream at the same point (`dropout`).
 */
export const attentionCore: AttentionFunction = (query, key, value, mask, numHeads, probabilityDropout = NO_DROPOUT) => {
  if (!fusable(query, key, value, mask, numHeads)) return attentionComposite(query, key, value, mask, numHeads, probabilityDropout);
  registerAttentionGradient();
  const attrs = { numHeads } satisfies AttentionAttrs as unknown as tf.NamedAttrMap;
  const { rate, training } = probabilityDropout;
  let outputs: tf.Tensor[];
  if (training && rate > 0) {
    const [batchSize, length] = query.shape;
    const dropoutMask = dropoutMultiplier([batchSize, numHeads, length, key.shape[1]], rate, nextDropoutSeed());
    outputs = tf.engine().runKernel(ATTENTION_DROPOUT_KERNEL, { query, key, value, mask, dropoutMask }, attrs) as tf.Tensor[];
    dropoutMask.dispose();
  } else {
    outputs = tf.engine().runKernel(ATTENTION_KERNEL, { query, key, value, mask }, attrs) as tf.Tensor[];
  }
  // The tape keeps its own copies of what the backward pass needs.
  outputs[1]!.dispose();
  return outputs[0] as tf.Tensor3D;
};

/** dL/dP for the (undropped) probabilities: `dC Vᵀ`, times the dropout multiplier when there is one. */
function probabilityGradient(dy: tf.Tensor, value: tf.Tensor, dropoutMask: tf.Tensor | undefined, numHeads: number): tf.Tensor {
  const dDropped = tf.matMul(splitHeads(dy, numHeads), splitHeads(value, numHeads), false, true);
  return dropoutMask === undefined ? dDropped : tf.mul(dDropped, dropoutMask);
}

/** The mask's gradient (the summed softmax gradient), through tfjs ops: masks are built from token ids and rarely need it. */
function maskGradient(dProbabilities: tf.Tensor, probabilities: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const dScores = tf.mul(probabilities, tf.sub(dProbabilities, tf.sum(tf.mul(dProbabilities, probabilities), -1, true)));
  const axes = tf.backend_util.getReductionAxes(mask.shape, dScores.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dScores, axes, true) : dScores, mask.shape);
}

function attentionGradient(kernelName: string, inputsToSave: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave,
    outputsToSave: [false, true],
    gradFunc: (dys, saved, attrs) => {
      const [query, key, value, mask, ...rest] = saved as tf.Tensor[];
      const [dropoutMask, probabilities] = (rest.length === 2 ? rest : [undefined, rest[0]]) as [tf.Tensor | undefined, tf.Tensor];
      const dy = (dys as tf.Tensor[])[0] as tf.Tensor;
      const { numHeads } = attrs as unknown as AttentionAttrs;
      const inputs = { dy, query: query!, key: key!, value: value!, probabilities, ...(dropoutMask === undefined ? {} : { dropoutMask }) };
      // One kernel gives all three gradients. It runs here, in the backward pass's own scope, not in the per-input
      // closures: the tape calls only the closures it needs, and the gradients it does not take are disposed with
      // that scope.
      const [dQuery, dKey, dValue] = tf.engine().runKernel(ATTENTION_GRAD_KERNEL, inputs, attrs as tf.NamedAttrMap) as tf.Tensor[];
      return {
        query: () => dQuery as tf.Tensor,
        key: () => dKey as tf.Tensor,
        value: () => dValue as tf.Tensor,
        mask: () => maskGradient(probabilityGradient(dy, value!, dropoutMask, numHeads), probabilities, mask!),
        dropoutMask: () => tf.mul(probabilities, probabilityGradient(dy, value!, undefined, numHeads)),
      };
    },
  };
}

/** Registers the gradient (global, every backend). Idempotent; the native backend registers the kernels. */
export function registerAttentionGradient(): void {
  // The probabilities output is only kept for the backward pass: its gradient reads dys[0] alone.
  declareFirstOutputGradient(ATTENTION_KERNEL);
  declareFirstOutputGradient(ATTENTION_DROPOUT_KERNEL);
  if (tf.getGradient(ATTENTION_KERNEL) === undefined) tf.registerGradient(attentionGradient(ATTENTION_KERNEL, ['query', 'key', 'value', 'mask']));
  if (tf.getGradient(ATTENTION_DROPOUT_KERNEL) === undefined) {
    tf.registerGradient(attentionGradient(ATTENTION_DROPOUT_KERNEL, ['query', 'key', 'value', 'mask', 'dropoutMask']));
  }
}
