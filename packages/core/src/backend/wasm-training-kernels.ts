import * as tf from '@tensorflow/tfjs-core';
import { registerWasmMatMulKernels } from './wasm-matmul-kernel';

// The wasm backend ships no UnsortedSegmentSum, which is the gradient of an embedding gather.
// Training an embedding (or anything behind tf.gather) on wasm needs it, so it is added here in JS.

interface WasmBackendLike {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

function unsortedSegmentSum(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const rowSize = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const output = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const values = backend.readSync(x.dataId) as tf.backend_util.TypedArray;
  const ids = backend.readSync(segmentIds.dataId) as tf.backend_util.TypedArray;
  const target = backend.typedArrayFromHeap(output);
  target.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row] as number;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let k = 0; k < rowSize; k++) target[to + k] = (target[to + k] as number) + (values[from + k] as number);
  }
  return output;
}

/** Registers the kernels the wasm backend lacks for training. Safe to call more than once. */
export function registerWasmTrainingKernels(): void {
  registerWasmMatMulKernels();
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
  });
}
