import * as tf from '@tensorflow/tfjs-core';

/** Backends whose Reshape of an unchanged shape only adds a reference to the same data (not wasm's copy). */
const SHARED_DATA_BACKENDS = new Set(['cpu', 'native', 'webgl', 'webgpu']);

/**
 * `dy` as a new tensor of the same data and shape: what tfjs's `reshape(dy, shape)` gives on cpu-like backends
 * (a reference, `incRef`), without running the op. Each input needs its own tensor: the tape disposes a
 * gradient when it accumulates another into it, and `dy` also stands for the other input.
 */
function sameData(dy: tf.Tensor): tf.Tensor {
  const engine = tf.engine();
  const backend = engine.backend as tf.KernelBackend & { incRef?: (dataId: object) => void };
  if (!SHARED_DATA_BACKENDS.has(engine.backendName) || typeof backend.incRef !== 'function') return tf.reshape(dy, dy.shape);
  backend.incRef(dy.dataId);
  return engine.makeTensorFromTensorInfo({ dataId: dy.dataId, shape: dy.shape, dtype: dy.dtype }, backend);
}

/**
 * tfjs's Add gradient (`dy` summed over the broadcast axes of each input), except that an input of the output's
 * shape gets `dy`'s data as is rather than through a `reshape` op: every residual connection and bias add on the
 * tape costs two ops less in the backward pass. Values are unchanged.
 */
export const ADD_GRADIENT: tf.GradConfig = {
  kernelName: 'Add',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const upstream = dy as tf.Tensor;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const part = (input: tf.Tensor) => () => {
      const axes = tf.backend_util.getReductionAxes(input.shape, outShape);
      if (axes.length > 0) return tf.reshape(tf.sum(upstream, axes), input.shape);
      // No broadcast axis: the same values, in dy's shape or (a size-1 leading axis dropped) the input's.
      return tf.util.arraysEqual(input.shape, upstream.shape) ? sameData(upstream) : tf.reshape(upstream, input.shape);
    };
    return { a: part(a), b: part(b) };
  },
};
