import * as tf from '@tensorflow/tfjs-core';

// tfjs's Max gradient is `dy · cast(equal(x, max))` with `max` broadcast; wasm's Equal takes a slow path
// when it broadcasts (376 ms on [77, 30522], where a broadcast Sub takes 21 ms). Every stable softmax and
// log-softmax pays it during training, so the same indicator is built as `1 - step(max - x)` from
// broadcast-friendly ops: 1 where x equals the maximum (ties included, as in tfjs), 0 elsewhere.

function keptDimsShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
}

const maxGradient: tf.GradConfig = {
  kernelName: 'Max',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor, tf.Tensor];
    const { reductionIndices } = attrs as unknown as { reductionIndices: number | number[] };
    const axes = tf.util.parseAxisParam(reductionIndices, x.shape);
    const shape = keptDimsShape(x.shape, axes);
    return {
      x: () => {
        const maximum = tf.reshape(y, shape);
        const isMaximum = tf.sub(tf.scalar(1), tf.step(tf.sub(maximum, x)));
        return tf.mul(tf.reshape(dy as tf.Tensor, shape), isMaximum);
      },
    };
  },
};

/** Replaces the registered Max gradient (call after tfjs's gradients are registered). */
export function registerMaxGradient(): void {
  tf.registerGradient(maxGradient);
}
