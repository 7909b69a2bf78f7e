import { ADAMW_NATIVE_KERNEL } from './adamw-kernel';
import { ADD_N_KERNEL } from './add-n-kernel';
import { ATTENTION_KERNELS } from './attention-kernels';
import { BINARY_KERNELS } from './binary-kernels';
import { DROPOUT_MASK_NATIVE_KERNEL } from './dropout-mask-kernel';
import { GATHER_KERNELS } from './gather-kernels';
import { GELU_KERNELS } from './gelu-kernels';
import type { NativeKernel } from './kernel-support';
import { LAYER_NORM_KERNELS } from './layer-norm-kernels';
import { LAYOUT_KERNELS } from './layout-kernels';
import { LINEAR_KERNELS } from './linear-kernels';
import { MATMUL_KERNELS } from './matmul-kernels';
import { REDUCE_KERNELS } from './reduce-kernels';
import { SOFTMAX_KERNEL } from './softmax-kernel';
import { UNARY_KERNELS } from './unary-kernels';

/** Every kernel the addon implements; all other kernels are the cpu backend's. */
export const NATIVE_KERNELS: readonly NativeKernel[] = [
  ...MATMUL_KERNELS,
  ...LINEAR_KERNELS,
  ...BINARY_KERNELS,
  ...UNARY_KERNELS,
  SOFTMAX_KERNEL,
  ...LAYER_NORM_KERNELS,
  ...GELU_KERNELS,
  ...ATTENTION_KERNELS,
  ...REDUCE_KERNELS,
  ...LAYOUT_KERNELS,
  ...GATHER_KERNELS,
  ADD_N_KERNEL,
  ADAMW_NATIVE_KERNEL,
  DROPOUT_MASK_NATIVE_KERNEL,
];

export type { NativeKernel, NativeKernelArgs } from './kernel-support';
