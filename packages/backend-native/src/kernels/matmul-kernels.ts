import * as tf from '@tensorflow/tfjs-core';
import { BINARY_OPS, UNARY_OPS } from '../native-addon';
import { allocate, broadcastStrides, cpuKernel, finish, floatValues, type NativeKernel, type NativeKernelArgs } from './kernel-support';

interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

const ZERO_OFFSET = new Int32Array(1);

/** sgemm per batch; batch axes broadcast like numpy, transposes become sgemm flags. */
function matmulInto(args: NativeKernelArgs, a: tf.TensorInfo, b: tf.TensorInfo): { shape: number[]; values: Float32Array } | undefined {
  const { backend } = args;
  const { transposeA, transposeB } = args.attrs as unknown as MatmulAttrs;
  const aValues = floatValues(backend, a);
  const bValues = floatValues(backend, b);
  if (aValues === undefined || bValues === undefined || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const m = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) as number;
  const k = (transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]) as number;
  const kB = (transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2]) as number;
  const n = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) as number;
  if (k !== kB) return undefined; // the cpu kernel throws tfjs's own message
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
  if (!transposeA && tf.util.sizeFromShape(bBatch) === 1 && tf.util.arraysEqual(aBatch, outBatch)) {
    // One B for every batch (a Linear's gradient on [B, T, out]): the batches of A are consecutive rows, so one
    // sgemm with batch·m rows does what batch small ones would.
    const shape = [...outBatch, m, n];
    const values = allocate(backend, shape);
    const rows = tf.util.sizeFromShape(outBatch) * m;
    backend.addon.matmul(aValues, bValues, values, ZERO_OFFSET, ZERO_OFFSET, rows, n, k, false, transposeB);
    return { shape, values };
  }
  const batchCount = tf.util.sizeFromShape(outBatch);
  const aOffsets = new Int32Array(batchCount);
  const bOffsets = new Int32Array(batchCount);
  // Batch offsets through broadcast strides (in units of whole matrices).
  const aStrides = broadcastStrides(aBatch, outBatch);
  const bStrides = broadcastStrides(bBatch, outBatch);
  const index = new Array<number>(outBatch.length).fill(0);
  for (let batch = 0; batch < batchCount; batch++) {
    let aMatrix = 0;
    let bMatrix = 0;
    for (let axis = 0; axis < outBatch.length; axis++) {
      aMatrix += (index[axis] as number) * (aStrides[axis] as number);
      bMatrix += (index[axis] as number) * (bStrides[axis] as number);
    }
    aOffsets[batch] = aMatrix * m * k;
    bOffsets[batch] = bMatrix * k * n;
    for (let axis = outBatch.length - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (outBatch[axis] as number)) break;
      index[axis] = 0;
    }
  }
  const shape = [...outBatch, m, n];
  const values = allocate(backend, shape);
  backend.addon.matmul(aValues, bValues, values, aOffsets, bOffsets, m, n, k, transposeA, transposeB);
  return { shape, values };
}

const cpuBatchMatMul = cpuKernel('BatchMatMul');
const cpuFusedMatMul = cpuKernel('_FusedMatMul');

const batchMatMul: NativeKernel = {
  kernelName: 'BatchMatMul',
  kernelFunc: (args) => {
    const result = matmulInto(args, args.inputs.a as tf.TensorInfo, args.inputs.b as tf.TensorInfo);
    return result === undefined ? cpuBatchMatMul(args) : finish(args.backend, result.shape, result.values);
  },
};

const FUSED_ACTIVATIONS: Record<string, number | undefined> = {
  relu: UNARY_OPS.relu,
  relu6: UNARY_OPS.relu6,
  elu: UNARY_OPS.elu,
  sigmoid: UNARY_OPS.sigmoid,
  leakyrelu: UNARY_OPS.leakyRelu,
};

/** matmul, then bias and activation in place on the pooled output. prelu goes to the cpu kernel. */
const fusedMatMul: NativeKernel = {
  kernelName: '_FusedMatMul',
  kernelFunc: (args) => {
    const { backend } = args;
    const { activation, leakyreluAlpha } = args.attrs as unknown as { activation: string; leakyreluAlpha?: number };
    const bias = args.inputs.bias as tf.TensorInfo | undefined;
    const biasValues = floatValues(backend, bias);
    const activationOp = FUSED_ACTIVATIONS[activation];
    const supported = (activation === 'linear' || activationOp !== undefined) && args.inputs.preluActivationWeights === undefined;
    if (!supported || (bias !== undefined && biasValues === undefined)) return cpuFusedMatMul(args);
    const result = matmulInto(args, args.inputs.a as tf.TensorInfo, args.inputs.b as tf.TensorInfo);
    if (result === undefined) return cpuFusedMatMul(args);
    const { shape, values } = result;
    if (bias !== undefined && biasValues !== undefined) {
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(shape, bias.shape);
      if (outShape.length !== shape.length || outShape.some((size, axis) => size !== shape[axis])) return cpuFusedMatMul(args);
      const shapeArray = Int32Array.from(shape);
      backend.addon.binary(BINARY_OPS.add, values, biasValues, values, shapeArray, broadcastStrides(shape, shape), broadcastStrides(bias.shape, shape));
    }
    if (activationOp !== undefined) backend.addon.unary(activationOp, values, values, leakyreluAlpha ?? 0.2);
    return finish(backend, shape, values);
  },
};

export const MATMUL_KERNELS: readonly NativeKernel[] = [batchMatMul, fusedMatMul];
