import * as tf from '@tensorflow/tfjs-core';
import { PhmLayer, type PhmSharedParameters } from '../compacter/phm-layer';
import {
  LayerNorm,
  Linear,
  Module,
  dropout,
  getActivation,
  initializers,
  type Activation,
  type BottleneckConfig,
  type Initializer,
} from '@adapters/core';

/** torch.nn.LayerNorm's default eps: the adapter-internal norms do not use the model's `layer_norm_eps`. */
const ADAPTER_LAYER_NORM_EPS = 1e-5;

/** What `preForward` hands to the adapter: its input, and the residual it adds back. */
export interface PreForwardResult {
  readonly hidden: tf.Tensor3D;
  readonly residual: tf.Tensor3D;
  /** Fusion query (the state before or after the pretrained LN, per the fusion config). */
  readonly query: tf.Tensor3D;
}

export interface AdapterForwardResult {
  readonly output: tf.Tensor3D;
  /** The scaled up-projection before gating and residual: what AdapterFusion attends over. */
  readonly up: tf.Tensor3D;
}

function truncatedNormal(std: number): Initializer {
  return (shape) => tf.truncatedNormal([...shape], 0, std);
}

/**
 * One bottleneck adapter at one location (AdapterHub `Adapter` / `ParallelAdapter`):
 * `up = W_up act(W_down [LN_before](x) + b) + b_up`, times `scaling`, with optional gating, LN_after and residual.
 * Parameter names follow the library: `adapter_down.0` (or `.1` after `ln_before`), `adapter_up`,
 * `adapter_norm_before`, `adapter_norm_after`, `gate`, `scaling`.
 */
export class BottleneckAdapter extends Module {
  private readonly down: Linear | PhmLayer;
  private readonly up: Linear | PhmLayer;
  private readonly normBefore: LayerNorm | undefined;
  private readonly normAfter: LayerNorm | undefined;
  private readonly gate: Linear | undefined;
  private readonly scalingParameter: tf.Variable | undefined;
  private readonly activation: Activation;

  constructor(
    readonly config: BottleneckConfig,
    readonly inputSize: number,
    readonly bottleneckSize: number,
    phmShared?: PhmSharedParameters,
  ) {
    super();
    const { initWeights } = config;
    const bert = { weightInitializer: initializers.normal(0.02), biasInitializer: initializers.zeros() };
    const houlsby = { weightInitializer: truncatedNormal(1e-2), biasInitializer: initializers.zeros() };
    const downInit =
      initWeights === 'mam_adapter'
        ? { weightInitializer: initializers.kaimingUniform(inputSize, Math.sqrt(5)), biasInitializer: initializers.zeros() }
        : initWeights === 'houlsby'
          ? houlsby
          : bert;
    const upInit =
      initWeights === 'mam_adapter'
        ? { weightInitializer: initializers.zeros(), biasInitializer: initializers.zeros() }
        : initWeights === 'houlsby'
          ? houlsby
          : bert;
    if (config.lnBefore) {
      this.normBefore = this.addModule('adapter_norm_before', new LayerNorm(inputSize, ADAPTER_LAYER_NORM_EPS));
    }
    const downName = config.lnBefore ? 'adapter_down.1' : 'adapter_down.0';
    if (config.phmLayer && phmShared !== undefined) {
      this.down = this.addModule(downName, new PhmLayer(inputSize, bottleneckSize, config, phmShared));
      this.up = this.addModule('adapter_up', new PhmLayer(bottleneckSize, inputSize, config, phmShared));
    } else {
      this.down = this.addModule(downName, new Linear(inputSize, bottleneckSize, downInit));
      this.up = this.addModule('adapter_up', new Linear(bottleneckSize, inputSize, upInit));
    }
    if (config.scaling === 'learned') this.scalingParameter = this.addParameter('scaling', () => tf.ones([1]));
    if (config.scaling === 'channel') this.scalingParameter = this.addParameter('scaling', () => tf.ones([inputSize]));
    if (config.lnAfter) this.normAfter = this.addModule('adapter_norm_after', new LayerNorm(inputSize, ADAPTER_LAYER_NORM_EPS));
    if (config.useGating) this.gate = this.addModule('gate', new Linear(inputSize, 1, bert));
    this.activation = getActivation(config.nonLinearity, 'non_linearity');
  }

  /** Extra names under which the library also stores a parameter (the `ln_before` LayerNorm). */
  parameterAliases(): Array<[alias: string, canonical: string]> {
    if (this.normBefore === undefined) return [];
    return [
      ['adapter_down.0.weight', 'adapter_norm_before.weight'],
      ['adapter_down.0.bias', 'adapter_norm_before.bias'],
    ];
  }

  get isParallel(): boolean {
    return this.config.isParallel;
  }

  /** Picks the adapter input and residual from the sub-layer output `h` and the sub-layer input `r`. */
  preForward(hidden: tf.Tensor3D, input: tf.Tensor3D, layerNorm: (x: tf.Tensor) => tf.Tensor3D, queryBeforeLn = false): PreForwardResult {
    if (this.config.isParallel) return { hidden: input, residual: input, query: input };
    const { residualBeforeLn, originalLnBefore } = this.config;
    let residual: tf.Tensor3D | undefined = residualBeforeLn === true ? hidden : undefined;
    const beforeLn = hidden;
    let current = hidden;
    if (originalLnBefore) {
      const summed = tf.add(current, input) as tf.Tensor3D;
      if (residualBeforeLn === 'post_add') residual = summed;
      current = layerNorm(summed);
    }
    if (residualBeforeLn === false) residual = current;
    return { hidden: current, residual: residual ?? current, query: queryBeforeLn ? beforeLn : current };
  }

  forward(x: tf.Tensor3D, residual: tf.Tensor3D, training: boolean): AdapterForwardResult {
    this.assertNotDisposed();
    const normalized = this.normBefore === undefined ? x : this.normBefore.apply(x);
    const down = this.activation(this.down.apply(normalized));
    let up = this.up.apply(down) as tf.Tensor3D;
    if (typeof this.config.scaling === 'number') {
      if (this.config.scaling !== 1) up = tf.mul(up, this.config.scaling);
    } else if (this.scalingParameter !== undefined) {
      up = tf.mul(up, this.scalingParameter);
    }
    let output = dropout(up, this.config.dropout, training) as tf.Tensor3D;
    if (this.gate !== undefined) {
      // mean over the sequence of sigmoid(gate(x)): one gate value per example, pads included
      const gate = tf.mean(tf.sigmoid(this.gate.apply(x)), 1, true);
      output = tf.mul(output, gate);
    }
    if (this.config.isParallel) {
      if (this.normAfter !== undefined) output = this.normAfter.apply(output) as tf.Tensor3D;
      return { output, up };
    }
    if (this.config.adapterResidualBeforeLn) output = tf.add(output, residual);
    if (this.normAfter !== undefined) output = this.normAfter.apply(output) as tf.Tensor3D;
    if (!this.config.adapterResidualBeforeLn) output = tf.add(output, residual);
    return { output, up };
  }

  /** Adds the sub-layer residual and the pretrained LN after the adapter(s), when configured. */
  postForward(
    hidden: tf.Tensor3D,
    inputHidden: tf.Tensor3D,
    input: tf.Tensor3D,
    layerNorm: (x: tf.Tensor) => tf.Tensor3D,
  ): tf.Tensor3D {
    let current = hidden;
    if (this.config.isParallel) current = tf.add(current, inputHidden);
    if (this.config.originalLnAfter) current = layerNorm(tf.add(current, input));
    return current;
  }
}
