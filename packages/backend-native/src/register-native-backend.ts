import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { NATIVE_KERNELS } from './kernels/index';
import { loadNativeAddon } from './load-native-addon';
import { NativeBackend } from './native-backend';

/** The name the backend is registered under in tfjs. */
export const NATIVE_BACKEND_NAME = 'native';

export interface RegisterNativeBackendOptions {
  /** Path of the compiled addon (tests use it to simulate a missing build). */
  readonly addonPath?: string;
  /** Most bytes of free buffers the pool keeps for reuse. Default 1 GiB (env `ADAPTERS_NATIVE_POOL_MB`). */
  readonly poolBytes?: number;
  /** tfjs backend priority; low by default so importing the package never changes the default backend. */
  readonly priority?: number;
}

export type NativeBackendRegistration =
  | { readonly status: 'available'; readonly name: typeof NATIVE_BACKEND_NAME; readonly blas: string; readonly addonPath: string }
  | { readonly status: 'unavailable'; readonly reason: string };

function defaultPoolBytes(): number {
  const megabytes = Number(process.env.ADAPTERS_NATIVE_POOL_MB);
  return Number.isFinite(megabytes) && megabytes >= 0 ? megabytes * 2 ** 20 : 2 ** 30;
}

/**
 * Registers every cpu kernel under 'native', replacing the hot ones with the addon's, then the addon's kernels
 * the cpu backend lacks (core's fused GELU). Idempotent.
 */
function registerKernels(): void {
  const native = new Map(NATIVE_KERNELS.map((kernel) => [kernel.kernelName, kernel]));
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME) !== undefined) continue;
    const override = native.get(config.kernelName);
    tf.registerKernel(
      override === undefined
        ? { ...config, backendName: NATIVE_BACKEND_NAME }
        : { kernelName: override.kernelName, backendName: NATIVE_BACKEND_NAME, kernelFunc: override.kernelFunc as unknown as tf.KernelFunc },
    );
  }
  for (const kernel of NATIVE_KERNELS) {
    if (tf.getKernel(kernel.kernelName, NATIVE_BACKEND_NAME) !== undefined) continue;
    tf.registerKernel({ kernelName: kernel.kernelName, backendName: NATIVE_BACKEND_NAME, kernelFunc: kernel.kernelFunc as unknown as tf.KernelFunc });
  }
}

/**
 * Loads the addon and registers the 'native' backend (call `tf.setBackend('native')` afterwards, or let
 * `initBackend()` do both). Never throws for a missing build: the result says why it is unavailable.
 */
export function registerNativeBackend(options: RegisterNativeBackendOptions = {}): NativeBackendRegistration {
  const loaded = loadNativeAddon(options.addonPath === undefined ? {} : { path: options.addonPath });
  if (loaded.status === 'unavailable') return { status: 'unavailable', reason: loaded.reason };
  const { addon } = loaded;
  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) === null) {
    const poolBytes = options.poolBytes ?? defaultPoolBytes();
    tf.registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(addon, { poolBytes }), options.priority ?? 0);
  }
  registerKernels();
  return { status: 'available', name: NATIVE_BACKEND_NAME, blas: addon.info().blas, addonPath: loaded.path };
}
