import * as tf from '@tensorflow/tfjs-core';

/** The upstream gradient reshaped to the input's rank with 1 on every reduced axis. */
function expandedShape(x: tf.Tensor, axis: number | number[]): { shape: number[]; reduceSize: number } {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const shape = x.shape.slice();
  let reduceSize = 1;
  for (const reduced of axes) {
    reduceSize *= shape[reduced] as number;
    shape[reduced] = 1;
  }
  return { shape, reduceSize };
}

/**
 * `t` broadcast to `shape`. wasm's Tile is slow (590 ms for [77, 1] → [77, 30522]) where adding zeros from
 * its Fill kernel takes 75 ms; on cpu-based backends Tile is the faster of the two (native: 20 vs 30 ms).
 */
function broadcast(t: tf.Tensor, shape: number[]): tf.Tensor {
  return tf.getBackend() === 'wasm' ? tf.add(t, tf.zeros(shape)) : tf.broadcastTo(t, shape);
}

// tfjs's Max gradient is `dy · cast(equal(x, max))` with `max` broadcast; wasm's Equal takes a slow path
// when it broadcasts (376 ms on [77, 30522], where a broadcast Sub takes 21 ms). Every stable softmax and
// log-softmax pays it during training, so the same indicator is built as `1 - step(max - x)` from
// broadcast-friendly ops: 1 where x equals the maximum (ties included, as in tfjs), 0 elsewhere.

const maxGradient: tf.GradConfig = {
  kernelName: 'Max',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor, tf.Tensor];
    const { reductionIndices } = attrs as unknown as { reductionIndices: number | number[] };
    const { shape } = expandedShape(x, reductionIndices);
    return {
      x: () => {
        const maximum = tf.reshape(y, shape);
        const isMaximum = tf.sub(tf.scalar(1), tf.step(tf.sub(maximum, x)));
        return tf.mul(tf.reshape(dy as tf.Tensor, shape), isMaximum);
      },
    };
  },
};

/**
 * Replaces tfjs's Sum and Mean gradients, which multiply by `ones(x.shape)` built in JS (~76 ms per
 * training step on the bench shapes, outside any kernel; LayerNorm uses both), with reshape + broadcast.
 * Each element is still `dy` (Mean: `dy / n`), so values are unchanged; the registry
 * is global, so every backend gains.
 */
export function registerReductionGradients(): void {
  tf.registerGradient({
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const { shape } = expandedShape(x as tf.Tensor, (attrs as { axis: number | number[] }).axis);
      return { x: () => broadcast(tf.reshape(dy as tf.Tensor, shape), (x as tf.Tensor).shape) };
    },
  });
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const { shape, reduceSize } = expandedShape(x as tf.Tensor, (attrs as { axis: number | number[] }).axis);
      return { x: () => broadcast(tf.div(tf.reshape(dy as tf.Tensor, shape), reduceSize), (x as tf.Tensor).shape) };
    },
  });
  tf.registerGradient(maxGradient);
}
