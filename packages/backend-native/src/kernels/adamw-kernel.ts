import type * as tf from '@tensorflow/tfjs-core';
import { ADAMW_KERNEL, type AdamWKernelAttrs } from '@adapters/core';
import { allocate, finish, floatsOf, type NativeKernel } from './kernel-support';

/** Core's fused AdamW update (see the trainer's `AdamW`): the new parameter, first and second moments. */
export const ADAMW_NATIVE_KERNEL: NativeKernel = {
  kernelName: ADAMW_KERNEL,
  kernelFunc: ({ backend, inputs, attrs }) => {
    const { beta1, beta2, epsilon, stepSize, secondCorrectionRoot, decayFactor } = attrs as unknown as AdamWKernelAttrs;
    const names = ['parameter', 'gradient', 'firstMoment', 'secondMoment'] as const;
    const [parameter, gradient, firstMoment, secondMoment] = names.map((name) => floatsOf(backend, inputs[name] as tf.TensorInfo));
    const { shape } = inputs.parameter as tf.TensorInfo;
    const outputs = [allocate(backend, shape), allocate(backend, shape), allocate(backend, shape)] as const;
    // 1 − β in float64 before rounding, as tfjs rounds the scalar operand JavaScript computed.
    const scalars = Float32Array.from([beta1, 1 - beta1, beta2, 1 - beta2, epsilon, stepSize, secondCorrectionRoot, decayFactor]);
    backend.addon.adamw(parameter!, gradient!, firstMoment!, secondMoment!, ...outputs, scalars);
    return outputs.map((values) => finish(backend, shape, values));
  },
};
