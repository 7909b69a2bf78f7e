import type * as tf from '@tensorflow/tfjs-core';
import { allocate, cpuKernel, finish, floatValues, type NativeKernel } from './kernel-support';

const fallback = cpuKernel('AddN');

/** Gradient accumulation: sums same-shape float32 tensors in one pass. */
export const ADD_N_KERNEL: NativeKernel = {
  kernelName: 'AddN',
  kernelFunc: (args) => {
    const { backend } = args;
    const tensors = args.inputs as unknown as tf.TensorInfo[];
    const first = tensors[0];
    if (first === undefined) return fallback(args);
    const sources: Float32Array[] = [];
    for (const tensor of tensors) {
      const values = floatValues(backend, tensor);
      if (values === undefined || values.length !== (floatValues(backend, first)?.length ?? -1)) return fallback(args);
      sources.push(values);
    }
    const values = allocate(backend, first.shape);
    if (values.length > 0) backend.addon.addN(sources, values);
    return finish(backend, first.shape, values);
  },
};
