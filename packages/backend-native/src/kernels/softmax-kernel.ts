import type * as tf from '@tensorflow/tfjs-core';
import { allocate, cpuKernel, finish, floatValues, type NativeKernel } from './kernel-support';

const fallback = cpuKernel('Softmax');

/** Softmax over the last axis (the only axis tfjs's Softmax kernel is given). */
export const SOFTMAX_KERNEL: NativeKernel = {
  kernelName: 'Softmax',
  kernelFunc: (args) => {
    const { backend } = args;
    const logits = args.inputs.logits as tf.TensorInfo;
    const { dim } = args.attrs as unknown as { dim: number };
    const rank = logits.shape.length;
    const cols = logits.shape[rank - 1] as number;
    const xValues = floatValues(backend, logits);
    if (xValues === undefined || rank === 0 || (dim !== -1 && dim !== rank - 1) || cols === 0) return fallback(args);
    const values = allocate(backend, logits.shape);
    backend.addon.softmax(xValues, values, cols);
    return finish(backend, logits.shape, values);
  },
};
