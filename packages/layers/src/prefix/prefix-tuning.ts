import * as tf from '@tensorflow/tfjs-core';
import { Embedding, Linear, Module, dropout, getActivation, initializers, type PrefixTuningConfig } from '@adapters/core';

export interface PrefixShape {
  readonly numLayers: number;
  /** Heads of the prefixes: the key/value heads on GQA models. */
  readonly numHeads: number;
  /** Width of the prefix embedding `wte` (the model's hidden size). */
  readonly hiddenSize: number;
  /** Width of one layer's key (or value) prefix, `numHeads * headSize`; default `hiddenSize`. */
  readonly keyValueSize?: number;
}

/**
 * Prefix tuning (AdapterHub `PrefixTuning`): `kv = ct2(act(ct0(wte)))` `[P, L*2*H]`, or a flat trainable vector,
 * reshaped to per-layer key and value prefixes. Names: `wte.weight`, `control_trans.0.*`, `control_trans.2.*`,
 * or `control_trans` when flat.
 */
export class PrefixTuning extends Module {
  private wte: Embedding | undefined;
  private first: Linear | undefined;
  private second: Linear | undefined;
  private flatParameters: tf.Variable | undefined;

  constructor(
    readonly config: PrefixTuningConfig,
    readonly shape: PrefixShape,
  ) {
    super();
    const { prefixLength, bottleneckSize } = config;
    const outputSize = shape.numLayers * 2 * (shape.keyValueSize ?? shape.hiddenSize);
    if (config.flat) {
      this.flatParameters = this.addParameter('control_trans', () => tf.randomNormal([prefixLength * outputSize], 0, 0.02));
    } else {
      this.wte = this.addModule('wte', new Embedding(prefixLength, shape.hiddenSize, { initializer: initializers.normal(1) }));
      this.first = this.addModule('control_trans.0', new Linear(shape.hiddenSize, bottleneckSize));
      this.second = this.addModule('control_trans.2', new Linear(bottleneckSize, outputSize));
    }
  }

  get isFlat(): boolean {
    return this.flatParameters !== undefined;
  }

  /** `[P, L*2*H]`: every layer's keys and values. */
  keyValues(training: boolean): tf.Tensor2D {
    this.assertNotDisposed();
    const { prefixLength } = this.config;
    return tf.tidy(() => {
      let values: tf.Tensor;
      if (this.flatParameters !== undefined) {
        values = tf.reshape(this.flatParameters, [prefixLength, -1]);
      } else {
        const embeddings = (this.wte as Embedding).weight;
        const activation = getActivation(this.config.nonLinearity, 'non_linearity');
        values = (this.second as Linear).apply(activation((this.first as Linear).apply(embeddings)));
      }
      return dropout(values, this.config.dropout, training) as tf.Tensor2D;
    });
  }

  /** Layer `layer`'s prefix as `[B, heads, P, headSize]` keys and values. */
  static layerPrefix(keyValues: tf.Tensor2D, layer: number, batchSize: number, shape: PrefixShape): { key: tf.Tensor4D; value: tf.Tensor4D } {
    return tf.tidy(() => {
      const prefixLength = keyValues.shape[0];
      const headSize = (shape.keyValueSize ?? shape.hiddenSize) / shape.numHeads;
      const perLayer = tf.reshape(keyValues, [prefixLength, shape.numLayers * 2, shape.numHeads, headSize]);
      const pick = (index: number): tf.Tensor4D => {
        const slice = tf.reshape(tf.slice(perLayer, [0, index, 0, 0], [-1, 1, -1, -1]), [prefixLength, shape.numHeads, headSize]);
        const heads = tf.expandDims(tf.transpose(slice, [1, 0, 2]), 0);
        return tf.tile(heads, [batchSize, 1, 1, 1]) as tf.Tensor4D;
      };
      return { key: pick(2 * layer), value: pick(2 * layer + 1) };
    });
  }

  /** Converts the MLP form to the flat form (`eject_prefix_tuning`): same outputs, far fewer parameters. */
  eject(): void {
    if (this.flatParameters !== undefined) return;
    const values = this.keyValues(false);
    const flat = tf.tidy(() => tf.variable(tf.reshape(values, [-1]), true));
    values.dispose();
    this.removeModule('wte');
    this.removeModule('control_trans.0');
    this.removeModule('control_trans.2');
    this.flatParameters = this.registerParameter('control_trans', flat);
    this.wte = undefined;
    this.first = undefined;
    this.second = undefined;
  }
}
