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
    // gather takes indices of any rank (output [...ids.shape, size]): no flattening reshapes around it.
    return tf.gather(this.weight, ids);
  }
}
