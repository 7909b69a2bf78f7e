import * as tf from '@tensorflow/tfjs-core';

interface WebGpuBackendLike {
  disposeData(dataId: tf.DataId): boolean;
}

/**
 * Inputs per AddN shader. tfjs-backend-webgpu's AddN binds every input as its own storage buffer, and
 * WebGPU guarantees only 8 storage buffers per shader stage (`maxStorageBuffersPerShaderStage`), output
 * included: a sum of more terms (the squared norms of every trainable tensor in gradient clipping, the
 * gradient of a tensor used many times) fails Dawn's validation (`Invalid ComputePipeline
 * "AddNPackedProgram…"`) and poisons the command buffer.
 */
const TERMS_PER_SHADER = 7;

let originalAddN: tf.KernelFunc | undefined;

/** Sums in groups of at most `TERMS_PER_SHADER`, feeding each partial sum into the next group. */
function addN(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const original = originalAddN as tf.KernelFunc;
  // The engine passes AddN's inputs as an array.
  let pending = Object.values(args.inputs) as tf.TensorInfo[];
  const backend = args.backend as WebGpuBackendLike;
  let partial: tf.TensorInfo | undefined;
  while (pending.length > TERMS_PER_SHADER) {
    const group = pending.slice(0, TERMS_PER_SHADER);
    const next = original({ inputs: group as unknown as tf.NamedTensorInfoMap, backend: args.backend as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
    if (partial !== undefined) backend.disposeData(partial.dataId);
    partial = next;
    pending = [next, ...pending.slice(TERMS_PER_SHADER)];
  }
  const result = original({ inputs: pending as unknown as tf.NamedTensorInfoMap, backend: args.backend as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
  if (partial !== undefined) backend.disposeData(partial.dataId);
  return result;
}

/**
 * Replaces the webgpu kernels that break training. Call after `@tensorflow/tfjs-backend-webgpu` has
 * registered its own; safe to call more than once.
 */
export function registerWebGpuTrainingKernels(): void {
  const registered = tf.getKernel('AddN', 'webgpu');
  if (registered === undefined || registered.kernelFunc === (addN as unknown as tf.KernelFunc)) return;
  originalAddN = registered.kernelFunc;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ kernelName: 'AddN', backendName: 'webgpu', kernelFunc: addN as unknown as tf.KernelFunc });
}
