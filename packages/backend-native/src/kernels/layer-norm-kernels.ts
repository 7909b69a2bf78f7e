import type * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, type LayerNormAttrs } from '@adapters/core';
import { allocate, cpuKernel, finish, floatValues, type NativeKernel, type NativeKernelArgs } from './kernel-support';

/** The addon's LayerNorm over the last axis; anything it does not cover goes to core's JS kernel for cpu. */
function layerNormKernel(kernelName: string, names: readonly [string, string, string], run: NativeRun): NativeKernel {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    kernelFunc: (args: NativeKernelArgs) => {
      const { backend } = args;
      const x = args.inputs.x as tf.TensorInfo;
      const [first, second, third] = names.map((name) => floatValues(backend, args.inputs[name] as tf.TensorInfo | undefined));
      const cols = x.shape[x.shape.length - 1] ?? 0;
      if (first === undefined || second === undefined || third === undefined || x.shape.length === 0 || cols === 0) return fallback(args);
      const out = allocate(backend, x.shape);
      run(backend, first, second, third, out, cols, (args.attrs as unknown as LayerNormAttrs).epsilon);
      return finish(backend, x.shape, out);
    },
  };
}

type NativeRun = (backend: NativeKernelArgs['backend'], a: Float32Array, b: Float32Array, c: Float32Array, out: Float32Array, cols: number, epsilon: number) => void;

export const LAYER_NORM_KERNELS: readonly NativeKernel[] = [
  layerNormKernel(LAYER_NORM_KERNEL, ['x', 'gamma', 'beta'], (backend, x, gamma, beta, out, cols, epsilon) => backend.addon.layerNorm(x, gamma, beta, out, cols, epsilon)),
  layerNormKernel(LAYER_NORM_GRAD_KERNEL, ['dy', 'x', 'gamma'], (backend, dy, x, gamma, out, cols, epsilon) => backend.addon.layerNormGrad(dy, x, gamma, out, cols, epsilon)),
];
