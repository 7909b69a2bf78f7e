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
 * Replaces tfjs's Sum and Mean gradients, which multiply by `ones(x.shape)` built in JS (~76 ms per
 * training step on the bench shapes, outside any kernel; LayerNorm uses both), with reshape + broadcast
 * (the Tile kernel). Each element is still `dy` (Mean: `dy / n`), so values are unchanged; the registry
 * is global, so every backend gains.
 */
export function registerReductionGradients(): void {
  tf.registerGradient({
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const { shape } = expandedShape(x as tf.Tensor, (attrs as { axis: number | number[] }).axis);
      return { x: () => tf.broadcastTo(tf.reshape(dy as tf.Tensor, shape), (x as tf.Tensor).shape) };
    },
  });
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const { shape, reduceSize } = expandedShape(x as tf.Tensor, (attrs as { axis: number | number[] }).axis);
      return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, shape), reduceSize), (x as tf.Tensor).shape) };
    },
  });
}
