// Entry of the GPU benchmark's one-file bundle (bench/gpu/pack.sh): a bundle cannot follow initBackend()'s
// dynamic imports, so the backends and gradients it needs are registered here first, then train-speed runs.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { prepareWebGpu } from '@adapters/core';
import { registerNativeBackend } from '@adapters/backend-native';

// The native addon travels beside the bundle (ADAPTERS_NATIVE_ADDON); without it the native lines say so.
registerNativeBackend();
// Sets up Dawn's navigator.gpu, which tfjs-backend-webgpu needs at import time to register itself.
await prepareWebGpu({ allowSoftware: true }).catch(() => undefined);
await import('@tensorflow/tfjs-backend-webgpu');
await import('../train-speed.mjs');
