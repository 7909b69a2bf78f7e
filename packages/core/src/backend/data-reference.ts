import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends whose `Identity` (and same-shape `Reshape`) only add a reference to the input's data (`incRef`, the
 * same data id). wasm copies, so it is not one of them.
 */
const SHARED_DATA_BACKENDS = new Set(['cpu', 'native', 'webgl', 'webgpu']);

/** True when the active backend's `Identity` shares data, so `dataReference` applies. */
export function backendSharesData(): boolean {
  const engine = tf.engine();
  return SHARED_DATA_BACKENDS.has(engine.backendName) && typeof (engine.backend as { incRef?: unknown }).incRef === 'function';
}

/**
 * A new tensor on `x`'s data (one more reference), what `Identity` returns on a backend where
 * `backendSharesData()`, without running an op: no kernel lookup, no profile entry, no tape node.
 */
export function dataReference(x: tf.Tensor): tf.Tensor {
  const engine = tf.engine();
  const backend = engine.backend as tf.KernelBackend & { incRef: (dataId: object) => void };
  backend.incRef(x.dataId);
  return engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }, backend);
}
