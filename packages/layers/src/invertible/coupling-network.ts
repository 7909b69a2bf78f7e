import type * as tf from '@tensorflow/tfjs-core';
import { Linear, initializers, type Activation } from '@adapters/core';

/** `Linear -> act -> Linear`, the sub-network of both coupling blocks (torch Sequential indices 0 and 2). */
export class CouplingNetwork {
  constructor(
    readonly first: Linear,
    readonly second: Linear,
    private readonly activation: Activation,
  ) {}

  apply(x: tf.Tensor): tf.Tensor {
    return this.second.apply(this.activation(this.first.apply(x)));
  }
}

/** BERT init (N(0, 0.02), zero bias), as the library initialises invertible adapters. */
export const COUPLING_INIT = { weightInitializer: initializers.normal(0.02), biasInitializer: initializers.zeros() };

