import { DROPOUT_MASK_KERNEL, type DropoutMaskKernelAttrs } from '@adapters/core';
import { allocate, finish, type NativeKernel } from './kernel-support';

/** Core's dropout mask (see `dropoutMultiplier`): tf.dropout's multiplier drawn in one pass over the output. */
export const DROPOUT_MASK_NATIVE_KERNEL: NativeKernel = {
  kernelName: DROPOUT_MASK_KERNEL,
  kernelFunc: ({ backend, attrs }) => {
    const { shape, keep, state } = attrs as unknown as DropoutMaskKernelAttrs;
    const out = allocate(backend, shape);
    backend.addon.dropoutMask(out, state[0], state[1], state[2], state[3], keep);
    return finish(backend, shape, out);
  },
};
