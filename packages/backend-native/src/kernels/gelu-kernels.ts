import type * as tf from '@tensorflow/tfjs-core';
import { GELU_GRAD_KERNEL, GELU_KERNEL } from '@adapters/core';
import { UNARY_OPS } from '../native-addon';
import type { NativeBackend } from '../native-backend';
import { allocate, finish, floatValues, type NativeKernel } from './kernel-support';

/** The stored Float32Array, or a float copy of other storage (a float32 tensor always has one of the two). */
function floats(backend: NativeBackend, info: tf.TensorInfo): Float32Array {
  return floatValues(backend, info) ?? Float32Array.from(backend.readSync(info.dataId) as ArrayLike<number>);
}

/** The exact GELU (the addon's vectorised erf) and its gradient, as core's fused GELU op. */
export const GELU_KERNELS: readonly NativeKernel[] = [
  {
    kernelName: GELU_KERNEL,
    kernelFunc: ({ backend, inputs }) => {
      const x = inputs.x as tf.TensorInfo;
      const out = allocate(backend, x.shape);
      backend.addon.unary(UNARY_OPS.geluErf, floats(backend, x), out, 0);
      return finish(backend, x.shape, out);
    },
  },
  {
    kernelName: GELU_GRAD_KERNEL,
    kernelFunc: ({ backend, inputs }) => {
      const x = inputs.x as tf.TensorInfo;
      const out = allocate(backend, x.shape);
      backend.addon.geluGrad(floats(backend, inputs.dy as tf.TensorInfo), floats(backend, x), out);
      return finish(backend, x.shape, out);
    },
  },
];
