import type * as tf from '@tensorflow/tfjs-core';
import { LINEAR_KERNEL } from '@adapters/core';
import { allocate, finish, floatsOf, type NativeKernel } from './kernel-support';

const NO_BIAS = new Float32Array(0);

/** Core's fused Linear (see `linearForward`): one sgemm onto the bias rows, any leading axes, no reshapes. */
export const LINEAR_KERNELS: readonly NativeKernel[] = [
  {
    kernelName: LINEAR_KERNEL,
    kernelFunc: ({ backend, inputs }) => {
      const x = inputs.x as tf.TensorInfo;
      const weight = inputs.weight as tf.TensorInfo;
      const bias = inputs.bias as tf.TensorInfo | undefined;
      const [outFeatures, inFeatures] = weight.shape as [number, number];
      const biasValues = bias === undefined ? NO_BIAS : floatsOf(backend, bias);
      const shape = [...x.shape.slice(0, -1), outFeatures];
      const out = allocate(backend, shape);
      backend.addon.linear(floatsOf(backend, x), floatsOf(backend, weight), biasValues, out, inFeatures, outFeatures);
      return finish(backend, shape, out);
    },
  },
];
