import type * as tf from '@tensorflow/tfjs-core';
import { GELU_GRAD_KERNEL, GELU_KERNEL } from '@adapters/core';
import { UNARY_OPS } from '../native-addon';
import { allocate, finish, floatsOf, type NativeKernel } from './kernel-support';

/** The exact GELU (the addon's vectorised erf) and its gradient, as core's fused GELU op. */
export const GELU_KERNELS: readonly NativeKernel[] = [
  {
    kernelName: GELU_KERNEL,
    kernelFunc: ({ backend, inputs }) => {
      const x = inputs.x as tf.TensorInfo;
      const out = allocate(backend, x.shape);
      backend.addon.unary(UNARY_OPS.geluErf, floatsOf(backend, x), out, 0);
      return finish(backend, x.shape, out);
    },
  },
  {
    kernelName: GELU_GRAD_KERNEL,
    kernelFunc: ({ backend, inputs }) => {
      const x = inputs.x as tf.TensorInfo;
      const out = allocate(backend, x.shape);
      backend.addon.geluGrad(floatsOf(backend, inputs.dy as tf.TensorInfo), floatsOf(backend, x), out);
      return finish(backend, x.shape, out);
    },
  },
];
