import type * as tf from '@tensorflow/tfjs-core';

interface TensorDataLike {
  values: unknown;
  readonly dtype: string;
  readonly resource: unknown;
}

interface WebGpuBackendInternals {
  readonly tensorMap: { get(dataId: tf.DataId): TensorDataLike | undefined };
  uploadToGPU(dataId: tf.DataId): void;
}

const PATCHED = Symbol.for('adapters.webgpuIntegerHostCopies');

/**
 * Keeps the host values of integer tensors (token ids, attention masks, labels) after the webgpu backend uploads
 * them. It drops them on upload, and in Node it cannot read a buffer back synchronously (its `dataSync` needs
 * `OffscreenCanvas`), while heads read their labels and masks synchronously to check and mask them. Tensors
 * are immutable, so the copy stays true; integer inputs are small next to activations.
 */
export function keepIntegerHostCopies(backend: object): void {
  const internals = backend as WebGpuBackendInternals & { [PATCHED]?: true };
  if (internals[PATCHED] === true || typeof internals.uploadToGPU !== 'function') return;
  const upload = internals.uploadToGPU.bind(internals);
  internals.uploadToGPU = (dataId) => {
    const data = internals.tensorMap.get(dataId);
    const kept = data !== undefined && data.resource == null && (data.dtype === 'int32' || data.dtype === 'bool') ? data.values : null;
    upload(dataId);
    if (kept != null && data !== undefined && data.values == null) data.values = kept;
  };
  internals[PATCHED] = true;
}
