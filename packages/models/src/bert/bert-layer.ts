import * as tf from '@tensorflow/tfjs-core';
import {
  LayerNorm,
  Linear,
  attentionCore,
  mergeHeads,
  Module,
  dropout,
  getActivation,
  initializers,
  type AdapterHooks,
  type HookContext,
  type LinearParameters,
  type LinearSite,
  type ResidualSite,
} from '@adapters/core';
import type { EncoderConfig } from '../config/encoder-config';
import { commonBatchSize, tileBatchTo } from './batch-alignment';

const LINEAR_PATHS: Readonly<Record<LinearSite, string>> = {
  'attention.query': 'attention.self.query',
  'attention.key': 'attention.self.key',
  'attention.value': 'attention.self.value',
  'attention.output': 'attention.output.dense',
  'ffn.intermediate': 'intermediate.dense',
  'ffn.output': 'output.dense',
};

/** One HF `BertLayer` (self-attention, then FFN), with the adapter hook points of `AdapterHooks`. */
export class BertLayer extends Module {
  private readonly linears: Record<LinearSite, Linear>;
  private readonly attentionLayerNorm: LayerNorm;
  private readonly outputLayerNorm: LayerNorm;
  private readonly headSize: number;

  constructor(
    private readonly config: EncoderConfig,
    readonly index: number,
  ) {
    super();
    const { hiddenSize, intermediateSize } = config;
    const weightInitializer = initializers.normal(config.initializerRange);
    const biasInitializer = initializers.zeros();
    const make = (site: LinearSite, inFeatures: number, outFeatures: number): Linear =>
      this.addModule(LINEAR_PATHS[site], new Linear(inFeatures, outFeatures, { weightInitializer, biasInitializer }));
    const query = make('attention.query', hiddenSize, hiddenSize);
    const key = make('attention.key', hiddenSize, hiddenSize);
    const value = make('attention.value', hiddenSize, hiddenSize);
    const attentionOutput = make('attention.output', hiddenSize, hiddenSize);
    this.attentionLayerNorm = this.addModule('attention.output.LayerNorm', new LayerNorm(hiddenSize, config.layerNormEps));
    const intermediate = make('ffn.intermediate', hiddenSize, intermediateSize);
    const output = make('ffn.output', intermediateSize, hiddenSize);
    this.outputLayerNorm = this.addModule('output.LayerNorm', new LayerNorm(hiddenSize, config.layerNormEps));
    this.linears = {
      'attention.query': query,
      'attention.key': key,
      'attention.value': value,
      'attention.output': attentionOutput,
      'ffn.intermediate': intermediate,
      'ffn.output': output,
    };
    this.headSize = hiddenSize / config.numAttentionHeads;
  }

  linearParameters(site: LinearSite): LinearParameters {
    const linear = this.linears[site];
    return { weight: linear.weight, bias: linear.bias, inFeatures: linear.inFeatures, outFeatures: linear.outFeatures };
  }

  private projection(site: LinearSite, input: tf.Tensor, hooks: AdapterHooks | undefined, context: HookContext): tf.Tensor {
    const linear = this.linears[site];
    const output = linear.apply(input);
    if (hooks?.linearOutput === undefined) return output;
    return hooks.linearOutput({ layer: this.index, site, input, output, parameters: this.linearParameters(site) }, context);
  }

  private subLayerOutput(
    site: ResidualSite,
    hidden: tf.Tensor3D,
    input: tf.Tensor3D,
    layerNorm: LayerNorm,
    hooks: AdapterHooks | undefined,
    context: HookContext,
  ): tf.Tensor3D {
    const replaced = hooks?.residual?.(
      { layer: this.index, site, hidden, input, layerNorm: (x) => layerNorm.apply(x) as tf.Tensor3D },
      context,
    );
    if (replaced !== undefined) return replaced;
    const batchSize = commonBatchSize(hidden, input);
    return layerNorm.apply(
      tf.add(tileBatchTo(hidden, batchSize, 'hidden'), tileBatchTo(input, batchSize, 'residual')),
    ) as tf.Tensor3D;
  }

  /**
   * @param hidden `[B, T, H]` layer input
   * @param additiveMask `[B0, 1, 1, T]` with 0 for real tokens and float32-min for pads
   */
  apply(hidden: tf.Tensor3D, additiveMask: tf.Tensor4D, hooks: AdapterHooks | undefined, context: HookContext): tf.Tensor3D {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const { training } = context;
      let query = this.projection('attention.query', hidden, hooks, context);
      let key = this.projection('attention.key', hidden, hooks, context);
      let value = this.projection('attention.value', hidden, hooks, context);
      const batchSize = commonBatchSize(query, key, value, additiveMask);
      query = tileBatchTo(query, batchSize, 'query');
      key = tileBatchTo(key, batchSize, 'key');
      value = tileBatchTo(value, batchSize, 'value');
      let mask: tf.Tensor4D = tileBatchTo(additiveMask, batchSize, 'attention_mask');
      const { numAttentionHeads } = this.config;
      const prefix = hooks?.attentionPrefix?.({ layer: this.index, batchSize, numHeads: numAttentionHeads, headSize: this.headSize }, context);
      if (prefix !== undefined) {
        // Prefix tuning: the prefix's keys and values go before the sequence's, never masked.
        key = tf.concat([mergeHeads(prefix.key), key], 1);
        value = tf.concat([mergeHeads(prefix.value), value], 1);
        mask = tf.concat([tf.zeros([batchSize, 1, 1, prefix.key.shape[2]]), mask], 3);
      }
      // One fused op where the backend has it (native), else the composite of tfjs ops.
      const merged = attentionCore(query as tf.Tensor3D, key as tf.Tensor3D, value as tf.Tensor3D, mask, numAttentionHeads, {
        rate: this.config.attentionProbsDropoutProb,
        training,
      });
      const attentionDense = dropout(
        this.projection('attention.output', merged, hooks, context),
        this.config.hiddenDropoutProb,
        training,
      ) as tf.Tensor3D;
      const attentionOutput = this.subLayerOutput('attention', attentionDense, hidden, this.attentionLayerNorm, hooks, context);

      const activation = getActivation(this.config.hiddenAct, 'hidden_act');
      const intermediate = activation(this.projection('ffn.intermediate', attentionOutput, hooks, context));
      const outputDense = dropout(
        this.projection('ffn.output', intermediate, hooks, context),
        this.config.hiddenDropoutProb,
        training,
      ) as tf.Tensor3D;
      return this.subLayerOutput('ffn', outputDense, attentionOutput, this.outputLayerNorm, hooks, context);
    });
  }
}
