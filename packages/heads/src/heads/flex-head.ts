// The base of the built-in heads: a torch `nn.Sequential` whose child indices are the parameter names.
import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  LayerNorm,
  Linear,
  Module,
  ShapeMismatchError,
  dropout,
  getActivation,
  initializers,
  type Activation,
  type HeadForwardOptions,
  type HeadInputs,
  type HeadLabels,
  type HeadOutput,
  type PredictionHead,
} from '@adapters/core';
import { headConfigToDict } from '../config/head-config-dict';
import type { HeadConfig } from '../config/head-config';
import { DEFAULT_INITIALIZER_RANGE, type HeadContext } from '../config/head-context';

/** A module with a forward pass that can sit in the sequence. */
interface ApplicableModule extends Module {
  apply(x: tf.Tensor): tf.Tensor;
}

/** One entry of the sequence; its position is its torch index. Dropout and activations hold no weights. */
type SequentialLayer =
  | { readonly kind: 'dropout'; readonly rate: number }
  | { readonly kind: 'activation'; readonly activation: Activation }
  | { readonly kind: 'module'; readonly module: ApplicableModule };

export abstract class FlexHead<Config extends HeadConfig = HeadConfig> extends Module implements PredictionHead {
  readonly headType: Config['headType'];
  /** The complete typed config; `headConfig()` is its `head_config.json` form. */
  readonly config: Config;
  readonly hiddenSize: number;
  protected readonly context: HeadContext;
  private readonly sequence: SequentialLayer[] = [];

  protected constructor(
    readonly name: string,
    config: Config,
    context: HeadContext,
  ) {
    super();
    if (typeof name !== 'string' || name === '') throw new InvalidConfigError({ path: 'name', expected: 'a non-empty head name', received: name });
    this.headType = config.headType;
    this.config = config;
    this.hiddenSize = context.hiddenSize;
    this.context = context;
  }

  /** Whether `forward` reads `poolerOutput`: only a head with `use_pooler` does (through `sentenceInput`). */
  get usesPooler(): boolean {
    return (this.config as { readonly usePooler?: boolean }).usePooler === true;
  }

  /** How many modules the sequence holds (dropouts and activations included). */
  get layerCount(): number {
    return this.sequence.length;
  }

  headConfig(): Record<string, unknown> {
    return headConfigToDict(this.config);
  }

  tiedParameterNames(): readonly string[] {
    return [];
  }

  /** Tied parameters belong to the backbone, which decides whether they train. */
  override setTrainable(trainable: boolean): void {
    const tied = new Set(this.tiedParameterNames());
    for (const [name, variable] of this.namedParameters()) if (!tied.has(name)) variable.trainable = trainable;
  }

  abstract forward(inputs: HeadInputs, labels?: HeadLabels, options?: HeadForwardOptions): HeadOutput;

  protected appendDropout(rate: number): void {
    this.sequence.push({ kind: 'dropout', rate });
  }

  protected appendActivation(name: string): void {
    this.sequence.push({ kind: 'activation', activation: getActivation(name, 'activation_function') });
  }

  protected appendModule<M extends ApplicableModule>(module: M): M {
    this.addModule(String(this.sequence.length), module);
    this.sequence.push({ kind: 'module', module });
    return module;
  }

  /** `nn.Linear` with BERT's `_init_weights`: N(0, initializer_range) weight, zero bias. */
  protected appendLinear(inFeatures: number, outFeatures: number, bias: boolean): Linear {
    const std = this.context.initializerRange ?? DEFAULT_INITIALIZER_RANGE;
    return this.appendModule(
      new Linear(inFeatures, outFeatures, { bias, weightInitializer: initializers.normal(std), biasInitializer: initializers.zeros() }),
    );
  }

  protected appendLayerNorm(size: number, eps: number): LayerNorm {
    return this.appendModule(new LayerNorm(size, eps));
  }

  /**
   * `PredictionHead.build`: per layer a Dropout; hidden layers add Linear(H, H) and the activation, the last one
   * Linear(H, outFeatures). Two layers with tanh give `0 Dropout, 1 Linear, 2 Tanh, 3 Dropout, 4 Linear`.
   */
  protected buildClassifierLayers(
    layers: number,
    activationFunction: string | null,
    outFeatures: number,
    finalBias: boolean,
    dropoutRate: number,
  ): void {
    for (let layer = 0; layer < layers; layer++) {
      this.appendDropout(dropoutRate);
      if (layer < layers - 1) {
        this.appendLinear(this.hiddenSize, this.hiddenSize, true);
        if (activationFunction !== null) this.appendActivation(activationFunction);
      } else {
        this.appendLinear(this.hiddenSize, outFeatures, finalBias);
      }
    }
  }

  /** Runs the first `count` layers (all by default); dropout only when training. Call inside `tidy`. */
  protected runLayers(input: tf.Tensor, training: boolean, count = this.sequence.length): tf.Tensor {
    this.assertNotDisposed();
    let x = input;
    for (const layer of this.sequence.slice(0, count)) {
      if (layer.kind === 'dropout') x = training && layer.rate >= 1 ? tf.zerosLike(x) : dropout(x, layer.rate, training);
      else if (layer.kind === 'activation') x = layer.activation(x);
      else x = layer.module.apply(x);
    }
    return x;
  }

  /** `lastHiddenState` must be `[B, T, hiddenSize]`. */
  protected checkHiddenState(inputs: HeadInputs): void {
    this.assertNotDisposed();
    const shape = inputs.lastHiddenState.shape;
    if (shape.length !== 3 || shape[2] !== this.hiddenSize) {
      throw new ShapeMismatchError({
        key: 'lastHiddenState',
        expected: [shape[0] ?? 0, shape[1] ?? 0, this.hiddenSize],
        actual: shape,
        source: this.describe(),
      });
    }
  }

  /** `[B, H]`: the first token's hidden state, or the pooler output when `use_pooler` (BERT pooler = tanh(W·CLS)). */
  protected sentenceInput(inputs: HeadInputs, usePooler: boolean): tf.Tensor2D {
    if (!usePooler) {
      const [batch, length, hidden] = inputs.lastHiddenState.shape;
      if (inputs.sentenceIndex !== undefined) {
        // Decoders: row b reads position sentenceIndex[b] (the last non-pad token).
        const rows = tf.add(tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(length, 'int32')), tf.cast(inputs.sentenceIndex, 'int32'));
        return tf.gather(tf.reshape(inputs.lastHiddenState, [batch * length, hidden]), rows) as tf.Tensor2D;
      }
      return tf.reshape(tf.slice(inputs.lastHiddenState, [0, 0, 0], [batch, 1, hidden]), [batch, hidden]);
    }
    if (inputs.poolerOutput === undefined) {
      throw new InvalidConfigError({
        path: 'use_pooler',
        expected: 'inputs with poolerOutput (the head reads the pooler; this backbone gave none)',
        received: true,
        source: this.describe(),
      });
    }
    return inputs.poolerOutput;
  }

  /** The check made at construction for `use_pooler` heads. */
  protected assertPoolerAvailable(usePooler: boolean): void {
    if (usePooler && !this.context.hasPooler) {
      throw new InvalidConfigError({
        path: 'use_pooler',
        expected: 'false: this backbone has no pooler (use the first token instead)',
        received: true,
        source: this.describe(),
      });
    }
  }

  /** Who owns these labels, for error messages: `head 'sst' (classification, 3 labels)`. */
  protected describe(detail?: string): string {
    return detail === undefined ? `head '${this.name}' (${this.headType})` : `head '${this.name}' (${this.headType}, ${detail})`;
  }
}
