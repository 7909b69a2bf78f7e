import * as tf from '@tensorflow/tfjs-core';

/**
 * The attention core `softmax(Q Kᵀ / √d + mask) V` over every head as one registered op each way:
 * `AdaptersAttention` (inputs query, key, value, mask; attr numHeads; outputs the context and the probabilities)
 * and `AdaptersAttentionGrad` (inputs dy, query, key, value, probabilities; outputs dQuery, dKey, dValue). A
 * backend that registers both (the native addon) records one tape entry where the composite records ~12 forward
 * (head split and merge, two matmuls, scale, mask, softmax) and ~20 backward kernels; every other backend runs
 * the composite of tfjs ops.
 */
export const ATTENTION_KERNEL = 'AdaptersAttention';
export const ATTENTION_GRAD_KERNEL = 'AdaptersAttentionGrad';

export interface AttentionAttrs {
  readonly numHeads: number;
}

/** True when the active backend runs the attention core as one kernel each way. */
export function fusedAttentionAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(ATTENTION_KERNEL, backend) !== undefined && tf.getKernel(ATTENTION_GRAD_KERNEL, backend) !== undefined;
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

/** The attention core through tfjs ops (HF BERT's eager attention without dropout): every backend runs it. */
export function attentionComposite(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, mask: tf.Tensor4D, numHeads: number): tf.Tensor3D {
  return tf.tidy(() => {
    const headSize = (query.shape[2] as number) / numHeads;
    const scores = tf.add(tf.div(tf.matMul(splitHeads(query, numHeads), splitHeads(key, numHeads), false, true), Math.sqrt(headSize)), mask);
    return mergeHeads(tf.matMul(tf.softmax(scores, -1), splitHeads(value, numHeads)));
  });
}

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
 * `softmax(Q Kᵀ / √d + mask) V` merged back to `[B, T, H]`: one `AdaptersAttention` op where the backend has the
 * fused kernels and the shapes fit, else `attentionComposite`; both agree within 1e-5 in values and gradients.
 */
export function attentionCore(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, mask: tf.Tensor4D, numHeads: number): tf.Tensor3D {
  if (!fusable(query, key, value, mask, numHeads)) return attentionComposite(query, key, value, mask, numHeads);
  registerAttentionGradient();
  const attrs: AttentionAttrs = { numHeads };
  const [context, probabilities] = tf.engine().runKernel(ATTENTION_KERNEL, { query, key, value, mask }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  // The tape keeps its own copy of the probabilities for the backward pass.
  probabilities!.dispose();
  return context as tf.Tensor3D;
}

/** The mask's gradient (the summed softmax gradient), through tfjs ops: masks are built from token ids and rarely need it. */
function maskGradient(dy: tf.Tensor, value: tf.Tensor, probabilities: tf.Tensor, mask: tf.Tensor, numHeads: number): tf.Tensor {
  const dProbabilities = tf.matMul(splitHeads(dy, numHeads), splitHeads(value, numHeads), false, true);
  const dScores = tf.mul(probabilities, tf.sub(dProbabilities, tf.sum(tf.mul(dProbabilities, probabilities), -1, true)));
  const axes = tf.backend_util.getReductionAxes(mask.shape, dScores.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dScores, axes, true) : dScores, mask.shape);
}

const ATTENTION_GRADIENT: tf.GradConfig = {
  kernelName: ATTENTION_KERNEL,
  inputsToSave: ['query', 'key', 'value', 'mask'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const [query, key, value, mask, probabilities] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const dy = (dys as tf.Tensor[])[0] as tf.Tensor;
    const { numHeads } = attrs as unknown as AttentionAttrs;
    // One kernel gives all three gradients. It runs here, in the backward pass's own scope, not in the per-input
    // closures: the tape calls only the closures it needs, and the gradients it does not take are disposed with
    // that scope.
    const [dQuery, dKey, dValue] = tf.engine().runKernel(ATTENTION_GRAD_KERNEL, { dy, query, key, value, probabilities }, attrs as tf.NamedAttrMap) as tf.Tensor[];
    return {
      query: () => dQuery as tf.Tensor,
      key: () => dKey as tf.Tensor,
      value: () => dValue as tf.Tensor,
      mask: () => maskGradient(dy, value, probabilities, mask, numHeads),
    };
  },
};

/** Registers the gradient (global, every backend). Idempotent; the native backend registers the kernels. */
export function registerAttentionGradient(): void {
  if (tf.getGradient(ATTENTION_KERNEL) === undefined) tf.registerGradient(ATTENTION_GRADIENT);
}
