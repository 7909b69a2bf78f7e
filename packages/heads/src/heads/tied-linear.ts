import type * as tf from '@tensorflow/tfjs-core';
import { Module, initializers, linearForward } from '@adapters/core';

/**
 * A vocabulary projection whose weight is the backbone's word embedding variable (torch ties the two
 * Parameters). The weight is listed among the parameters (so it is saved and counted) but is not owned:
 * `dispose()` releases only the bias.
 */
export class TiedLinear extends Module {
  readonly bias: tf.Variable | undefined;

  constructor(
    readonly weight: tf.Variable,
    options: { readonly bias: boolean },
  ) {
    super();
    const outFeatures = weight.shape[0] as number;
    this.bias = options.bias ? this.addParameter('bias', () => initializers.zeros()([outFeatures])) : undefined;
  }

  // The shared weight comes first, as in torch's state dict (`3.weight`, then `3.bias`).
  override namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    return [[`${prefix}weight`, this.weight], ...super.namedParameters(prefix)];
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return linearForward(x, this.weight, this.bias);
  }
}
