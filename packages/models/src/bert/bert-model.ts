import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  Linear,
  Module,
  ShapeMismatchError,
  initializers,
  tidyOutputs,
  type AdapterHooks,
  type AdapterHost,
  type HookContext,
  type LinearParameters,
  type LayerRange,
  type LinearSite,
} from '@adapters/core';
import type { EncoderConfig } from '../config/encoder-config';
import { tileBatchTo } from './batch-alignment';
import { BertEmbeddings } from './bert-embeddings';
import { BertLayer } from './bert-layer';
import type { EncoderForwardOptions, EncoderInputs, EncoderOutput } from './encoder-io';

/** HF adds `(1 - mask) * finfo(float32).min` to the attention scores. */
const FLOAT32_MIN = -3.4028234663852886e38;

export interface BertModelOptions {
  /** Build the pooler (`pooler.dense`); default true. */
  readonly addPoolingLayer?: boolean;
}

/**
 * HF `BertModel` (and `RobertaModel` / XLM-R through `config.modelType`) on tfjs-core ops, with parameter
 * names exactly as in HF checkpoints. Implements `AdapterHost`, the only thing adapter methods see.
 */
export class BertModel extends Module implements AdapterHost {
  readonly embeddings: BertEmbeddings;
  readonly layers: readonly BertLayer[];
  readonly pooler: Linear | undefined;
  private hooks: AdapterHooks | undefined;

  constructor(
    readonly config: EncoderConfig,
    options: BertModelOptions = {},
  ) {
    super();
    this.embeddings = this.addModule('embeddings', new BertEmbeddings(config));
    const layers: BertLayer[] = [];
    for (let index = 0; index < config.numHiddenLayers; index++) {
      layers.push(this.addModule(`encoder.layer.${index}`, new BertLayer(config, index)));
    }
    this.layers = layers;
    const recordedName = config.raw._name_or_path;
    this.modelName = typeof recordedName === 'string' && recordedName !== '' ? recordedName : undefined;
    this.pooler =
      options.addPoolingLayer === false
        ? undefined
        : this.addModule(
            'pooler.dense',
            new Linear(config.hiddenSize, config.hiddenSize, {
              weightInitializer: initializers.normal(config.initializerRange),
              biasInitializer: initializers.zeros(),
            }),
          );
  }

  /** Set by `loadEncoder` to the folder name when config.json has no `_name_or_path`. */
  modelName: string | undefined;

  get modelType(): string {
    return this.config.modelType;
  }
  get baseModelPrefix(): string {
    return this.config.modelType === 'bert' ? 'bert' : 'roberta';
  }
  get hiddenSize(): number {
    return this.config.hiddenSize;
  }
  get numLayers(): number {
    return this.config.numHiddenLayers;
  }
  get numHeads(): number {
    return this.config.numAttentionHeads;
  }
  get intermediateSize(): number {
    return this.config.intermediateSize;
  }
  get layerNormEps(): number {
    return this.config.layerNormEps;
  }
  get hiddenAct(): string {
    return this.config.hiddenAct;
  }
  get vocabSize(): number {
    return this.config.vocabSize;
  }

  linear(layer: number, site: LinearSite): LinearParameters {
    const found = this.layers[layer];
    if (found === undefined) throw new RangeError(`layer ${layer} does not exist (the model has ${this.layers.length})`);
    return found.linearParameters(site);
  }

  wordEmbeddings(): tf.Variable {
    return this.embeddings.wordEmbeddings.weight;
  }

  setHooks(hooks: AdapterHooks | undefined): void {
    this.hooks = hooks;
  }

  private validateInputs(inputs: EncoderInputs): void {
    const shape = inputs.inputIds.shape;
    for (const [name, tensor] of [
      ['attentionMask', inputs.attentionMask],
      ['tokenTypeIds', inputs.tokenTypeIds],
      ['positionIds', inputs.positionIds],
    ] as const) {
      if (tensor !== undefined && (tensor.shape[0] !== shape[0] || tensor.shape[1] !== shape[1])) {
        throw new ShapeMismatchError({ key: name, expected: shape, actual: tensor.shape });
      }
    }
    if (shape[1] > this.config.maxPositionEmbeddings) {
      throw new ShapeMismatchError({
        key: 'inputIds',
        expected: [shape[0], this.config.maxPositionEmbeddings],
        actual: shape,
        source: `sequence longer than max_position_embeddings (${this.config.maxPositionEmbeddings})`,
      });
    }
  }

  /** The first and end layer of a `layerRange`, checked against the model and the inputs. */
  private resolveRange(inputs: EncoderInputs, range: LayerRange | undefined): { first: number; end: number } {
    const layers = this.layers.length;
    const end = range?.end ?? layers;
    if (!(Number.isInteger(end) && end >= 0 && end <= layers)) {
      throw new InvalidConfigError({ path: 'layerRange.end', expected: `an integer layer index in [0, ${layers}]`, received: end });
    }
    const start = range?.start;
    if (start === undefined) return { first: 0, end };
    if (!(Number.isInteger(start.layer) && start.layer >= 0 && start.layer <= end)) {
      throw new InvalidConfigError({ path: 'layerRange.start.layer', expected: `an integer layer index in [0, ${end}]`, received: start.layer });
    }
    const [batchSize, length] = inputs.inputIds.shape;
    const shape = start.hiddenStates.shape;
    if (shape[0] !== batchSize || shape[1] !== length || shape[2] !== this.config.hiddenSize) {
      throw new ShapeMismatchError({ key: 'layerRange.start.hiddenStates', expected: [batchSize, length, this.config.hiddenSize], actual: shape });
    }
    return { first: start.layer, end };
  }

  /** Runs the encoder (or the part `options.layerRange` names). Every returned tensor is owned by the caller. */
  forward(inputs: EncoderInputs, options: EncoderForwardOptions = {}): EncoderOutput {
    this.assertNotDisposed();
    this.validateInputs(inputs);
    const { first, end } = this.resolveRange(inputs, options.layerRange);
    const start = options.layerRange?.start;
    return tidyOutputs(() => {
      const training = options.training ?? false;
      const mask = inputs.attentionMask === undefined ? tf.onesLike(inputs.inputIds) : inputs.attentionMask;
      const floatMask = tf.cast(mask, 'float32') as tf.Tensor2D;
      const context: HookContext = {
        training,
        adapterSetup: options.adapterSetup,
        scratch: options.scratch ?? new Map(),
        attentionMask: floatMask,
      };
      const hooks = this.hooks;
      hooks?.prepare?.(context);
      // Starting from given states skips the embeddings and their hooks: the states already include them.
      let hidden = start?.hiddenStates ?? this.embeddings.apply(inputs.inputIds, inputs.tokenTypeIds, inputs.positionIds, training);
      let layerMask = floatMask;
      if (start === undefined && hooks?.embeddingOutput !== undefined) {
        const replaced = hooks.embeddingOutput({ hidden, attentionMask: floatMask }, context);
        if (replaced instanceof tf.Tensor) {
          hidden = replaced;
        } else {
          hidden = replaced.hidden;
          layerMask = replaced.attentionMask;
        }
      }
      const [batchSize, length] = layerMask.shape;
      const additiveMask = tf.reshape(tf.mul(tf.sub(1, layerMask), FLOAT32_MIN), [batchSize, 1, 1, length]) as tf.Tensor4D;
      const hiddenStates: tf.Tensor3D[] = [hidden];
      for (const layer of this.layers.slice(first, end)) {
        hidden = layer.apply(hidden, additiveMask, hooks, context);
        hiddenStates.push(hidden);
      }
      const outputMask = tileBatchTo(layerMask, hidden.shape[0], 'attention_mask');
      const output: { -readonly [K in keyof EncoderOutput]: EncoderOutput[K] } = {
        lastHiddenState: hidden,
        attentionMask: outputMask,
      };
      if (this.pooler !== undefined && end === this.layers.length && options.pooler !== false) {
        const first = tf.squeeze(tf.slice(hidden, [0, 0, 0], [-1, 1, -1]), [1]);
        output.poolerOutput = tf.tanh(this.pooler.apply(first)) as tf.Tensor2D;
      }
      if (options.outputHiddenStates === true) output.hiddenStates = hiddenStates;
      return output as EncoderOutput;
    });
  }
}
