import * as tf from '@tensorflow/tfjs-core';
import { Embedding, LayerNorm, dropout, initializers, type AdapterLayout } from '@adapters/core';
import type { DecoderConfig } from '../config/decoder-config';
import { DecoderModel } from '../decoder/decoder-model';
import { GPT2Block } from './gpt2-block';

const GPT2_LINEAR_PATHS: Readonly<Record<string, string>> = {
  'attention.qkv': 'attn.c_attn',
  'ffn.intermediate': 'mlp.c_fc',
  'ffn.output': 'mlp.c_proj',
};

/** Where AdapterHub's GPT-2 mixins keep adapters (`transformer.h.<i>.*`). */
export const GPT2_ADAPTER_LAYOUT: AdapterLayout = {
  residualPath: (layer, site) => `h.${layer}.${site === 'attention' ? 'attention_adapters' : 'output_adapters'}`,
  linearPath: (layer, site) => (GPT2_LINEAR_PATHS[site] === undefined ? undefined : `h.${layer}.${GPT2_LINEAR_PATHS[site]}`),
  fusedQkv: true,
  residualWithoutLayerNorm: true,
};

/**
 * HF `GPT2Model`: learned positions, Conv1D weights, fused `c_attn`, gelu_new, final `ln_f`. Parameter names
 * as in HF checkpoints without the `transformer.` prefix.
 */
export class GPT2Model extends DecoderModel {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly layers: readonly GPT2Block[];
  readonly lnF: LayerNorm;
  readonly baseModelPrefix = 'transformer';
  readonly adapterLayout = GPT2_ADAPTER_LAYOUT;

  constructor(config: DecoderConfig) {
    super(config);
    const init = initializers.normal(config.initializerRange);
    this.wte = this.addModule('wte', new Embedding(config.vocabSize, config.hiddenSize, { initializer: init }));
    this.wpe = this.addModule('wpe', new Embedding(config.maxPositionEmbeddings, config.hiddenSize, { initializer: init }));
    this.layers = Array.from({ length: config.numHiddenLayers }, (_, index) => this.addModule(`h.${index}`, new GPT2Block(config, index)));
    this.lnF = this.addModule('ln_f', new LayerNorm(config.hiddenSize, config.layerNormEps));
  }

  wordEmbeddings(): tf.Variable {
    return this.wte.weight;
  }

  protected embed(inputIds: tf.Tensor2D, positionIds: tf.Tensor2D, training: boolean): tf.Tensor3D {
    return tf.tidy(() => dropout(tf.add(this.wte.apply(inputIds), this.wpe.apply(positionIds)), this.config.embeddingDropoutProb, training) as tf.Tensor3D);
  }

  protected finalNorm(hidden: tf.Tensor3D): tf.Tensor3D {
    return this.lnF.apply(hidden) as tf.Tensor3D;
  }
}
