import * as tf from '@tensorflow/tfjs-core';
import { Linear, Module, dropout, initializers, type LoRAConfig } from '@adapters/core';

/**
 * One LoRA or (IA)^3 module on one linear (AdapterHub `LoRA` / `IA3`).
 * LoRA (`composition_mode: add`): `delta = (alpha/r) * B A x`, added to the linear's output.
 * IA3 (`composition_mode: scale`): the output is multiplied by `alpha/r * lora_B` (the bias is scaled too).
 * Parameters are plain tensors named `lora_A` `[r, in]` and `lora_B` `[out, r]` (IA3: only `lora_B` `[out, 1]`).
 */
export class LoRAModule extends Module {
  readonly loraA: tf.Variable | undefined;
  readonly loraB: tf.Variable;
  private readonly gate: Linear | undefined;
  readonly scaling: number;

  /**
   * @param rows rows of `lora_A` and `lora_B` when they differ from `r` and `outFeatures` (the merged GPT-2
   * `c_attn` form stacks one block per enabled q/k/v matrix).
   */
  constructor(
    readonly config: LoRAConfig,
    readonly inFeatures: number,
    readonly outFeatures: number,
    rows: { readonly a: number; readonly b: number } = { a: config.r, b: outFeatures },
  ) {
    super();
    this.scaling = config.alpha / config.r;
    const init = config.initWeights;
    if (config.compositionMode === 'add') {
      this.loraA = this.addParameter('lora_A', () =>
        (init === 'bert' ? initializers.normal(0.02) : initializers.kaimingUniform(inFeatures, Math.sqrt(5)))([rows.a, inFeatures]),
      );
      this.loraB = this.addParameter('lora_B', () =>
        (init === 'bert' ? initializers.normal(0.02) : initializers.zeros())([rows.b, config.r]),
      );
    } else {
      this.loraB = this.addParameter('lora_B', () =>
        (init === 'bert' ? initializers.normal(0.02) : initializers.ones())([rows.b, 1]),
      );
    }
    if (config.useGating) {
      this.gate = this.addModule('gate', new Linear(inFeatures, 1, { weightInitializer: initializers.normal(0.02), biasInitializer: initializers.zeros() }));
    }
  }

  get isScale(): boolean {
    return this.config.compositionMode === 'scale';
  }

  /** The gate, `mean_T(sigmoid(gate(x)))` per example, or the constant `alpha/r`. */
  protected factor(layerInput: tf.Tensor): tf.Tensor | number {
    if (this.gate === undefined) return this.scaling;
    const gate = tf.sigmoid(this.gate.apply(layerInput));
    return layerInput.shape.length === 3 ? tf.mean(gate, 1, true) : gate;
  }

  /**
   * The method's running state after this module: LoRA maps `hidden` (the previous module's delta, or the
   * layer input) through B A; IA3 multiplies `hidden` (or ones) by its vector. Stacked modules chain.
   */
  forward(hidden: tf.Tensor | undefined, layerInput: tf.Tensor, training: boolean): tf.Tensor {
    this.assertNotDisposed();
    const factor = this.factor(layerInput);
    if (this.isScale) {
      const vector = tf.reshape(this.loraB, [this.outFeatures]);
      const scaled = hidden === undefined ? vector : tf.mul(hidden, vector);
      return tf.mul(scaled, factor);
    }
    const source = dropout(hidden ?? layerInput, this.config.dropout, training);
    const inFeatures = source.shape[source.shape.length - 1] as number;
    const flat = tf.reshape(source, [-1, inFeatures]);
    const projected = tf.matMul(tf.matMul(flat, this.loraA as tf.Variable, false, true), this.loraB, false, true);
    const delta = tf.reshape(projected, [...source.shape.slice(0, -1), this.outFeatures]);
    return tf.mul(delta, factor);
  }

  /** Combines the linear's output with the composed state (`com` in the library). */
  combine(layerOutput: tf.Tensor, hidden: tf.Tensor): tf.Tensor {
    return this.isScale ? tf.mul(layerOutput, hidden) : tf.add(layerOutput, hidden);
  }

  /** `delta_w` in the weight layout `[out, in]` (LoRA) or the `[out, 1]` scale (IA3), for merging. */
  deltaWeight(): tf.Tensor {
    return tf.tidy(() =>
      this.isScale
        ? tf.mul(this.loraB, this.scaling)
        : tf.mul(tf.matMul(this.loraB, this.loraA as tf.Variable), this.scaling),
    );
  }
}
