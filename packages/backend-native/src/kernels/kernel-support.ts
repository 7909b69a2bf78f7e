import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@adapters/core';
import type { NativeBackend } from '../native-backend';

/** The arguments tfjs passes a kernel function, with our backend. */
export interface NativeKernelArgs {
  readonly inputs: tf.NamedTensorInfoMap;
  readonly backend: NativeBackend;
  readonly attrs?: tf.NamedAttrMap;
}

export type NativeKernelFunc = (args: NativeKernelArgs) => tf.TensorInfo | tf.TensorInfo[];

export interface NativeKernel {
  readonly kernelName: string;
  readonly kernelFunc: NativeKernelFunc;
}

/** The stored Float32Array of a float32 tensor, or undefined (other dtypes go to the cpu kernel). */
export function floatValues(backend: NativeBackend, info: tf.TensorInfo | undefined): Float32Array | undefined {
  if (info === undefined || info.dtype !== 'float32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array ? values : undefined;
}

/** The stored Float32Array, or a float copy of other storage (a float32 tensor always has one of the two). */
export function floatsOf(backend: NativeBackend, info: tf.TensorInfo): Float32Array {
  return floatValues(backend, info) ?? Float32Array.from(backend.readSync(info.dataId) as ArrayLike<number>);
}

export function int32Values(backend: NativeBackend, info: tf.TensorInfo | undefined): Int32Array | undefined {
  if (info === undefined || info.dtype !== 'int32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Int32Array ? values : undefined;
}

/** A pooled output array; `finish` attaches it to a new tensor once the kernel has filled it. */
export function allocate(backend: NativeBackend, shape: readonly number[]): Float32Array {
  return backend.pool.acquire(tf.util.sizeFromShape(shape as number[]));
}

export function finish(backend: NativeBackend, shape: readonly number[], values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo(shape as number[], 'float32', values);
}

/** The cpu backend's kernel of the same name, for the cases the native one does not cover. */
export function cpuKernel(kernelName: string): NativeKernelFunc {
  // Looked up per call: the cpu kernels register when @tensorflow/tfjs-backend-cpu is evaluated.
  return (args) => {
    const config = tf.getKernel(kernelName, 'cpu');
    if (config === undefined) throw new BackendError({ backend: 'native', message: `tfjs cpu backend has no '${kernelName}' kernel to fall back to` });
    return (config.kernelFunc as unknown as NativeKernelFunc)(args);
  };
}

/** Row-major element strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] as number;
  }
  return strides;
}

/** Strides of `shape` read as if broadcast to `outShape` (right-aligned, 0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const own = stridesOf(shape);
  const result = new Int32Array(outShape.length);
  const shift = outShape.length - shape.length;
  for (let axis = 0; axis < outShape.length; axis++) {
    const sourceAxis = axis - shift;
    result[axis] = sourceAxis < 0 || shape[sourceAxis] === 1 ? 0 : (own[sourceAxis] as number);
  }
  return result;
}
