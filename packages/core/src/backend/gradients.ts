import * as tf from '@tensorflow/tfjs-core';
import { GradientsNotRegisteredError } from '../errors/gradients-not-registered-error';
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
 * Registers tfjs gradients once. tfjs-core's own `register_all_gradients` module cannot be imported
 * under plain Node ESM (its relative imports lack extensions), so in Node the union package's CommonJS
 * build is loaded: it registers gradients into the same global registry the engine uses.
 * Bundlers resolve the deep path fine, so it is the fallback. The Sum and Mean gradients are then replaced
 * by cheaper ones with the same values, as is the Max gradient (`registerReductionGradients`).
 */
export async function registerGradients(): Promise<boolean> {
  if (!gradientsRegistered()) {
    const attempts = ['@tensorflow/tfjs', '@tensorflow/tfjs-core/dist/register_all_gradients'];
    for (const specifier of attempts) {
      try {
        await import(/* @vite-ignore */ specifier);
      } catch {
        continue;
      }
      if (gradientsRegistered()) break;
    }
  }
  if (!gradientsRegistered()) return false;
  // After tfjs's own registration, which would otherwise overwrite these.
  registerReductionGradients();
  return true;
}
