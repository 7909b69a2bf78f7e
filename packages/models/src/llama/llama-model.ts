import * as tf from '@tensorflow/tfjs-core';
import { Embedding, initializers, type AdapterLayout } from '@adapters/core';
import type { DecoderConfig } from '../config/decoder-config';
import { DecoderModel } from '../decoder/decoder-model';
import { LLAMA_LINEAR_MODULES, LlamaLayer } from './llama-layer';
import { RMSNorm } from './rms-norm';
import { RotaryEmbedding } from './rotary-embedding';

/** Where AdapterHub's Llama mixins keep adapters (`model.layers.<i>.*`). */
export const LLAMA_ADAPTER_LAYOUT: AdapterLayout = {
  residualPath: (layer, site) => `layers.${layer}.${site === 'attention' ? 'attention_adapters' : 'output_adapters'}`,
  linearPath: (layer, site) => {
    const module = site === 'attention.qkv' ? undefined : LLAMA_LINEAR_MODULES[site];
    return module === undefined ? undefined : `layers.${layer}.${module}`;
  },
  fusedQkv: false,
  residualWithoutLayerNorm: true,
};

/** HF `LlamaModel` (GQA, RoPE theta and head_dim from the config). Names as in HF without the `model.` prefix. */
export class LlamaModel extends DecoderModel {
  readonly embedTokens: Embedding;
  readonly layers: readonly LlamaLayer[];
  readonly norm: RMSNorm;
  readonly baseModelPrefix = 'model';
  readonly adapterLayout = LLAMA_ADAPTER_LAYOUT;

  constructor(config: DecoderConfig) {
    super(config);
    this.embedTokens = this.addModule('embed_tokens', new Embedding(config.vocabSize, config.hiddenSize, { initializer: initializers.normal(config.initializerRange) }));
    const rotary = new RotaryEmbedding(config.headDim, config.ropeTheta);
    this.layers = Array.from({ length: config.numHiddenLayers }, (_, index) => this.addModule(`layers.${index}`, new LlamaLayer(config, index, rotary)));
    this.norm = this.addModule('norm', new RMSNorm(config.hiddenSize, config.layerNormEps));
  }

  wordEmbeddings(): tf.Variable {
    return this.embedTokens.weight;
  }

  protected embed(inputIds: tf.Tensor2D): tf.Tensor3D {
    return this.embedTokens.apply(inputIds) as tf.Tensor3D;
  }

  protected finalNorm(hidden: tf.Tensor3D): tf.Tensor3D {
    return this.norm.apply(hidden) as tf.Tensor3D;
  }
}
