import * as tf from '@tensorflow/tfjs-core';
import { assertTensorSize } from '../config/size-limits';
import { initializers, type Initializer } from './initializers';
import { Module } from './module';

/** A lookup table `[numEmbeddings, size]`, as torch's nn.Embedding. */
export class Embedding extends Module {
  readonly weight: tf.Variable;

  constructor(
    readonly numEmbeddings: number,
    readonly size: number,
    options: { initializer?: Initializer; trainable?: boolean } = {},
  ) {
    super();
    assertTensorSize([numEmbeddings, size], 'Embedding.weight');
    this.weight = this.addParameter(
      'weight',
      () => (options.initializer ?? initializers.normal(1))([numEmbeddings, size]),
      options.trainable ?? true,
    );
  }

  /** `ids` int32 of any shape; returns `[...ids.shape, size]`. */
  apply(ids: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const flat = tf.reshape(ids, [-1]);
      const gathered = tf.gather(this.weight, flat);
      return tf.reshape(gathered, [...ids.shape, this.size]);
    });
  }
}
