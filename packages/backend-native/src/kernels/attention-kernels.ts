import * as tf from '@tensorflow/tfjs-core';
import { ATTENTION_DROPOUT_KERNEL, ATTENTION_GRAD_KERNEL, ATTENTION_KERNEL, BackendError, type AttentionAttrs } from '@adapters/core';
import { allocate, finish, floatsOf, type NativeKernel, type NativeKernelArgs } from './kernel-support';

/** [batch, heads, queryLength, keyLength, headSize, maskBatchStride, maskRowStride] as native/kernels.h reads them. */
function attentionDims(args: NativeKernelArgs, query: tf.TensorInfo, key: tf.TensorInfo, mask: tf.TensorInfo | undefined): Int32Array {
  const { numHeads } = args.attrs as unknown as AttentionAttrs;
  const [batchSize, queryLength, hidden] = query.shape as [number, number, number];
  const keyLength = key.shape[1] as number;
  const [maskBatch, , maskRows] = (mask?.shape ?? [1, 1, 1, keyLength]) as [number, number, number, number];
  if (hidden % numHeads !== 0) throw new BackendError({ backend: 'native', message: `${ATTENTION_KERNEL}: hidden size ${hidden} is not a multiple of ${numHeads} heads` });
  return Int32Array.from([
    batchSize,
    numHeads,
    queryLength,
    keyLength,
    hidden / numHeads,
    maskBatch === 1 ? 0 : maskRows * keyLength,
    maskRows === 1 ? 0 : keyLength,
  ]);
}

function scaleOf(dims: Int32Array): number {
  return 1 / Math.sqrt(dims[4] as number);
}

const NO_DROPOUT = new Float32Array(0);

/** The dropout multiplier's values, or an empty array without one. */
function dropoutOf(args: NativeKernelArgs): Float32Array {
  const multiplier = args.inputs.dropoutMask as tf.TensorInfo | undefined;
  return multiplier === undefined ? NO_DROPOUT : floatsOf(args.backend, multiplier);
}

/** Core's fused attention (see `attentionCore`): the context and the probabilities the backward reuses. */
const attentionForward: NativeKernel['kernelFunc'] = (args) => {
      const { backend, inputs } = args;
      const [query, key, value, mask] = (['query', 'key', 'value', 'mask'] as const).map((name) => inputs[name] as tf.TensorInfo);
      const dims = attentionDims(args, query!, key!, mask);
      const probabilitiesShape = [dims[0]!, dims[1]!, dims[2]!, dims[3]!];
      const context = allocate(backend, query!.shape);
      const probabilities = allocate(backend, probabilitiesShape);
      const [q, k, v, m] = [query!, key!, value!, mask!].map((info) => floatsOf(backend, info));
      backend.addon.attention(q!, k!, v!, m!, dropoutOf(args), context, probabilities, dims, scaleOf(dims));
      return [finish(backend, query!.shape, context), finish(backend, probabilitiesShape, probabilities)];
};

export const ATTENTION_KERNELS: readonly NativeKernel[] = [
  { kernelName: ATTENTION_KERNEL, kernelFunc: attentionForward },
  { kernelName: ATTENTION_DROPOUT_KERNEL, kernelFunc: attentionForward },
  {
    kernelName: ATTENTION_GRAD_KERNEL,
    kernelFunc: (args) => {
      const { backend, inputs } = args;
      const [dy, query, key, value, probabilities] = (['dy', 'query', 'key', 'value', 'probabilities'] as const).map((name) => inputs[name] as tf.TensorInfo);
      const dims = attentionDims(args, query!, key!, undefined);
      const dQuery = allocate(backend, query!.shape);
      const dKey = allocate(backend, key!.shape);
      const dValue = allocate(backend, key!.shape);
      const [g, q, k, v, p] = [dy!, query!, key!, value!, probabilities!].map((info) => floatsOf(backend, info));
      backend.addon.attentionGrad(g!, q!, k!, v!, p!, dropoutOf(args), dQuery, dKey, dValue, dims, scaleOf(dims));
      return [finish(backend, query!.shape, dQuery), finish(backend, key!.shape, dKey), finish(backend, key!.shape, dValue)];
    },
  },
];
