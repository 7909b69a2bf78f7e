import * as tf from '@tensorflow/tfjs-core';
import { GradientsNotRegisteredError } from '../errors/gradients-not-registered-error';
import { ADD_GRADIENT } from './add-gradient';
import { registerReductionGradients } from './reduction-gradients';

const PROBE_KERNELS = ['BatchMatMul', 'Sum', 'GatherV2', 'Softmax'];

/** True when tfjs gradients are registered in the shared engine. */
export function gradientsRegistered(): boolean {
  return PROBE_KERNELS.every((kernel) => tf.getGradient(kernel) !== undefined);
}

/** Throws `GradientsNotRegisteredError` unless gradients are registered. Training entry points call it. */
export function assertGradientsRegistered(): void {
  for (const kernel of PROBE_KERNELS) {
    if (tf.getGradient(kernel) === undefined) throw new GradientsNotRegisteredError(kernel);
  }
}

/**
 * Registers tfjs gradients once, from tfjs-core alone (no `@tensorflow/tfjs` needed): `#tfjs-gradients`
 * (package.json "imports") is a copy of tfjs-core's `register_all_gradients` bundled into this package for
 * Node, and the deep import itself for a bundler, so a page shares its one tfjs-core. The Sum and Mean
 * gradients are then replaced by cheaper ones with the same values, as are the Max gradient
 * (`registerReductionGradients`) and the Add gradient (`ADD_GRADIENT`: no reshape op where no axis is summed).
 */
export async function registerGradients(): Promise<boolean> {
  if (!gradientsRegistered()) await import('#tfjs-gradients').catch(() => undefined);
  if (!gradientsRegistered()) return false;
  // After tfjs's own registration, which would otherwise overwrite these.
  registerReductionGradients();
  tf.registerGradient(ADD_GRADIENT);
  return true;
}
