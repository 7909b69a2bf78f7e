import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, Module, type BottleneckConfig } from '@adapters/core';

/** `kron(a, b)` for 2-D tensors: `[n, n] x [p, q] -> [n*p, n*q]`. */
function kronecker(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, m] = a.shape;
  const [p, q] = b.shape;
  const product = tf.mul(tf.reshape(a, [n, 1, m, 1]), tf.reshape(b, [1, p, 1, q]));
  return tf.reshape(product, [n * p, m * q]);
}

/** Xavier-normal per slice (the library's `init_W` takes this branch for every truthy `hypercomplex_nonlinearity`). */
function xavierNormal(shape: readonly number[]): tf.Tensor {
  const [, fanIn, fanOut] = shape as [number, number, number];
  return tf.randomNormal([...shape], 0, Math.sqrt(2 / (fanIn + fanOut)));
}

/** The shared Kronecker "rule" tensors of a Compacter adapter (`shared_parameters.<name>`). */
export class PhmSharedParameters extends Module {
  readonly rule: tf.Variable;

  constructor(config: BottleneckConfig) {
    super();
    const n = config.phmDim;
    if (config.factorizedPhmRule) {
      throw new InvalidConfigError({ path: 'factorized_phm_rule', expected: 'false (not supported yet)', received: true });
    }
    const std = config.phmInitRange;
    this.rule = this.addParameter(
      'phm_rule',
      () => (config.phmCInit === 'uniform' ? tf.randomUniform([n, n, n], -1, 1) : tf.randomNormal([n, n, n], 0, std)),
      config.learnPhm,
    );
  }
}

/**
 * A parameterised hypercomplex multiplication layer (Compacter): `H = sum_i kron(rule_i, W_left_i W_right_i)`,
 * `y = x H + b`. Names `W_left` `[n, in/n, rank]`, `W_right` `[n, rank, out/n]`, `b` `[out]`.
 */
export class PhmLayer extends Module {
  private readonly weightLeft: tf.Variable;
  private readonly weightRight: tf.Variable;
  private readonly bias: tf.Variable | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    config: BottleneckConfig,
    private readonly shared: PhmSharedParameters,
  ) {
    super();
    const n = config.phmDim;
    if (inFeatures % n !== 0 || outFeatures % n !== 0) {
      throw new InvalidConfigError({ path: 'phm_dim', expected: `a divisor of ${inFeatures} and ${outFeatures}`, received: n });
    }
    if (!config.factorizedPhmW || config.sharedWPhm) {
      throw new InvalidConfigError({ path: 'factorized_phm_W', expected: 'true with shared_W_phm false (the Compacter presets)', received: config.factorizedPhmW });
    }
    this.weightLeft = this.addParameter('W_left', () => xavierNormal([n, inFeatures / n, config.phmRank]));
    this.weightRight = this.addParameter('W_right', () => xavierNormal([n, config.phmRank, outFeatures / n]));
    if (config.phmBias) this.bias = this.addParameter('b', () => tf.zeros([outFeatures]));
  }

  private kernel(): tf.Tensor2D {
    const n = this.shared.rule.shape[0] as number;
    const weights = tf.matMul(this.weightLeft as tf.Tensor3D, this.weightRight as tf.Tensor3D);
    const slices: tf.Tensor2D[] = [];
    for (let index = 0; index < n; index++) {
      const rule = tf.reshape(tf.slice(this.shared.rule, [index, 0, 0], [1, -1, -1]), [n, n]) as tf.Tensor2D;
      const weight = tf.reshape(tf.slice(weights, [index, 0, 0], [1, -1, -1]), [this.inFeatures / n, this.outFeatures / n]) as tf.Tensor2D;
      slices.push(kronecker(rule, weight));
    }
    return tf.addN(slices);
  }

  apply(x: tf.Tensor): tf.Tensor {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const flat = tf.reshape(x, [-1, this.inFeatures]);
      let output: tf.Tensor = tf.matMul(flat, this.kernel());
      if (this.bias !== undefined) output = tf.add(output, this.bias);
      return tf.reshape(output, [...x.shape.slice(0, -1), this.outFeatures]);
    });
  }
}
