import * as tf from '@tensorflow/tfjs-core';

/**
 * `torch.optim.AdamW`'s update of one parameter as one registered op: `AdaptersAdamW` (inputs parameter,
 * gradient, firstMoment, secondMoment; outputs the new parameter and moments). A backend that registers it (the
 * native addon) runs one kernel per parameter where the trainer's tfjs ops run ~12; it is never differentiated.
 */
export const ADAMW_KERNEL = 'AdaptersAdamW';

/** The step's scalars, computed in float64 as torch does in Python; the kernel rounds them to float32 like tfjs. */
export interface AdamWKernelAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** `lr / (1 - β1^t)`. */
  readonly stepSize: number;
  /** `√(1 - β2^t)`. */
  readonly secondCorrectionRoot: number;
  /** `1 - lr·weight_decay` for the decay group, 1 otherwise. */
  readonly decayFactor: number;
}

/** True when the active backend runs the AdamW update as one kernel. */
export function fusedAdamWAvailable(): boolean {
  return tf.getKernel(ADAMW_KERNEL, tf.getBackend()) !== undefined;
}
