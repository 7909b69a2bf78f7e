import * as tf from '@tensorflow/tfjs-core';
import { Linear, Module, getActivation } from '@adapters/core';
import { COUPLING_INIT, CouplingNetwork } from './coupling-network';


/**
 * NICE additive coupling on the embedding output (MAD-X invertible adapter):
 * `y1 = x1 + F(x2)`, `y2 = x2 + G(y1)` with `x1 = x[..., :H/2]`; the inverse runs inside LM heads.
 */
export class NiceCoupling extends Module {
  private readonly f: CouplingNetwork;
  private readonly g: CouplingNetwork;
  private readonly firstHalf: number;
  private readonly secondHalf: number;

  constructor(hiddenSize: number, reductionFactor: number, nonLinearity: string) {
    super();
    this.firstHalf = Math.floor(hiddenSize / 2);
    this.secondHalf = hiddenSize - this.firstHalf;
    const activation = getActivation(nonLinearity, 'non_linearity');
    const make = (name: string, input: number, output: number): CouplingNetwork => {
      const hidden = Math.floor(input / reductionFactor);
      return new CouplingNetwork(
        this.addModule(`${name}.0`, new Linear(input, hidden, COUPLING_INIT)),
        this.addModule(`${name}.2`, new Linear(hidden, output, COUPLING_INIT)),
        activation,
      );
    };
    this.f = make('F', this.secondHalf, this.firstHalf);
    this.g = make('G', this.firstHalf, this.secondHalf);
  }

  private split(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const axis = x.shape.length - 1;
    const [first, second] = tf.split(x, [this.firstHalf, this.secondHalf], axis);
    return [first as tf.Tensor, second as tf.Tensor];
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const [x1, x2] = this.split(x);
      const y1 = tf.add(x1, this.f.apply(x2));
      const y2 = tf.add(x2, this.g.apply(y1));
      return tf.concat([y1, y2], x.shape.length - 1);
    });
  }

  inverse(y: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const [y1, y2] = this.split(y);
      const x2 = tf.sub(y2, this.g.apply(y1));
      const x1 = tf.sub(y1, this.f.apply(x2));
      return tf.concat([x1, x2], y.shape.length - 1);
    });
  }
}
