import * as tf from '@tensorflow/tfjs-core';
import { GradientsNotRegisteredError } from '../errors/gradients-not-registered-error';
import { registerMaxGradient } from './max-gradient';

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
 * Bundlers resolve the deep path fine, so it is the fallback.
 */
export async function registerGradients(): Promise<boolean> {
  if (gradientsRegistered()) {
    registerMaxGradient();
    return true;
  }
  const attempts = ['@tensorflow/tfjs', '@tensorflow/tfjs-core/dist/register_all_gradients'];
  for (const specifier of attempts) {
    try {
      await import(/* @vite-ignore */ specifier);
    } catch {
      continue;
    }
    if (gradientsRegistered()) {
      registerMaxGradient();
      return true;
    }
  }
  return false;
}
