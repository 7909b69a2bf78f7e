import * as tf from '@tensorflow/tfjs-core';
import { Linear, Module, getActivation } from '@adapters/core';
import { COUPLING_INIT, CouplingNetwork } from './coupling-network';

/** Soft clamp of GLOW's log-scale: `exp(clamp * 0.636 * atan(s / clamp))`. */
const CLAMP = 5;


/**
 * GLOW affine coupling on the embedding output (MAD-X invertible adapter, `inv_adapter: "glow"`):
 * `y1 = e(s2(x2)) * x1 + t2(x2)`, `y2 = e(s1(y1)) * x2 + t1(y1)`; names `s1.0`, `s1.2`, `s2.0`, `s2.2`.
 */
export class GlowCoupling extends Module {
  private readonly s1: CouplingNetwork;
  private readonly s2: CouplingNetwork;
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
        this.addModule(`${name}.2`, new Linear(hidden, output * 2, COUPLING_INIT)),
        activation,
      );
    };
    this.s1 = make('s1', this.firstHalf, this.secondHalf);
    this.s2 = make('s2', this.secondHalf, this.firstHalf);
  }

  private scale(s: tf.Tensor): tf.Tensor {
    return tf.exp(tf.mul(CLAMP * 0.636, tf.atan(tf.div(s, CLAMP))));
  }

  private halves(x: tf.Tensor, first: number, second: number): [tf.Tensor, tf.Tensor] {
    const [a, b] = tf.split(x, [first, second], x.shape.length - 1);
    return [a as tf.Tensor, b as tf.Tensor];
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const [x1, x2] = this.halves(x, this.firstHalf, this.secondHalf);
      const [s2, t2] = this.halves(this.s2.apply(x2), this.firstHalf, this.firstHalf);
      const y1 = tf.add(tf.mul(this.scale(s2), x1), t2);
      const [s1, t1] = this.halves(this.s1.apply(y1), this.secondHalf, this.secondHalf);
      const y2 = tf.add(tf.mul(this.scale(s1), x2), t1);
      return tf.concat([y1, y2], x.shape.length - 1);
    });
  }

  inverse(y: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const [y1, y2] = this.halves(y, this.firstHalf, this.secondHalf);
      const [s1, t1] = this.halves(this.s1.apply(y1), this.secondHalf, this.secondHalf);
      const x2 = tf.div(tf.sub(y2, t1), this.scale(s1));
      const [s2, t2] = this.halves(this.s2.apply(x2), this.firstHalf, this.firstHalf);
      const x1 = tf.div(tf.sub(y1, t2), this.scale(s2));
      return tf.concat([x1, x2], y.shape.length - 1);
    });
  }
}
