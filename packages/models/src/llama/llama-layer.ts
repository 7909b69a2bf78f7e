import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, Linear, Module, getActivation, initializers, type FusedLinearSite, type LinearParameters, type LinearSite } from '@adapters/core';
import type { DecoderConfig } from '../config/decoder-config';
import { decoderAttention } from '../decoder/decoder-attention';
import type { DecoderBlock, DecoderLayerCall } from '../decoder/decoder-model';
import { hookedLinear, hookedResidual } from '../decoder/linear-hook';
import { RMSNorm } from './rms-norm';
import type { RotaryEmbedding } from './rotary-embedding';

/**
 * The library's Llama LoRA locations: q/k/v by `attn_matrices`, and (its quirk) `down_proj` as "intermediate",
 * `up_proj` as "output". `o_proj` and `gate_proj` are not wrapped.
 */
export const LLAMA_LINEAR_MODULES: Readonly<Partial<Record<LinearSite, string>>> = {
  'attention.query': 'self_attn.q_proj',
  'attention.key': 'self_attn.k_proj',
  'attention.value': 'self_attn.v_proj',
  'ffn.intermediate': 'mlp.down_proj',
  'ffn.output': 'mlp.up_proj',
};

/** HF `LlamaDecoderLayer`: RMSNorm, GQA attention with RoPE, SwiGLU MLP `down(silu(gate(x)) * up(x))`. */
export class LlamaLayer extends Module implements DecoderBlock {
  private readonly inputNorm: RMSNorm;
  private readonly postAttentionNorm: RMSNorm;
  private readonly linears: Record<string, Linear>;

  constructor(
    private readonly config: DecoderConfig,
    readonly index: number,
    private readonly rotary: RotaryEmbedding,
  ) {
    super();
    const { hiddenSize, intermediateSize, numAttentionHeads, numKeyValueHeads, headDim } = config;
    const weightInitializer = initializers.normal(config.initializerRange);
    const make = (name: string, inFeatures: number, outFeatures: number, bias: boolean): Linear =>
      this.addModule(name, new Linear(inFeatures, outFeatures, { weightInitializer, biasInitializer: initializers.zeros(), bias }));
    this.inputNorm = this.addModule('input_layernorm', new RMSNorm(hiddenSize, config.layerNormEps));
    this.linears = {
      'self_attn.q_proj': make('self_attn.q_proj', hiddenSize, numAttentionHeads * headDim, config.attentionBias),
      'self_attn.k_proj': make('self_attn.k_proj', hiddenSize, numKeyValueHeads * headDim, config.attentionBias),
      'self_attn.v_proj': make('self_attn.v_proj', hiddenSize, numKeyValueHeads * headDim, config.attentionBias),
      'self_attn.o_proj': make('self_attn.o_proj', numAttentionHeads * headDim, hiddenSize, config.attentionBias),
    };
    this.postAttentionNorm = this.addModule('post_attention_layernorm', new RMSNorm(hiddenSize, config.layerNormEps));
    this.linears['mlp.gate_proj'] = make('mlp.gate_proj', hiddenSize, intermediateSize, config.mlpBias);
    this.linears['mlp.up_proj'] = make('mlp.up_proj', hiddenSize, intermediateSize, config.mlpBias);
    this.linears['mlp.down_proj'] = make('mlp.down_proj', intermediateSize, hiddenSize, config.mlpBias);
  }

  private module(site: LinearSite | FusedLinearSite): Linear {
    const name = site === 'attention.qkv' ? undefined : LLAMA_LINEAR_MODULES[site];
    const linear = name === undefined ? undefined : this.linears[name];
    if (linear === undefined) {
      throw new InvalidConfigError({ path: 'site', expected: `one of ${Object.keys(LLAMA_LINEAR_MODULES).join(', ')} (the Llama linears adapters wrap)`, received: site });
    }
    return linear;
  }

  linearParameters(site: LinearSite | FusedLinearSite): LinearParameters {
    const linear = this.module(site);
    return { weight: linear.weight, bias: linear.bias, inFeatures: linear.inFeatures, outFeatures: linear.outFeatures };
  }

  private projection(site: LinearSite, input: tf.Tensor, call: DecoderLayerCall): tf.Tensor {
    const linear = this.module(site);
    return hookedLinear(this.index, site, input, (x) => linear.apply(x), () => this.linearParameters(site), call);
  }

  apply(hidden: tf.Tensor3D, call: DecoderLayerCall): tf.Tensor3D {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const normed = this.inputNorm.apply(hidden);
      const attended = decoderAttention(
        this.projection('attention.query', normed, call),
        this.projection('attention.key', normed, call),
        this.projection('attention.value', normed, call),
        call,
        {
          layer: this.index,
          numHeads: this.config.numAttentionHeads,
          numKeyValueHeads: this.config.numKeyValueHeads,
          headDim: this.config.headDim,
          dropoutRate: this.config.attentionProbsDropoutProb,
          rotate: (x, positions) => this.rotary.apply(x, positions),
        },
      );
      const attentionOutput = (this.linears['self_attn.o_proj'] as Linear).apply(attended) as tf.Tensor3D;
      const afterAttention = hookedResidual(this.index, 'attention', attentionOutput, hidden, call);
      const x = this.postAttentionNorm.apply(afterAttention);
      const activation = getActivation(this.config.hiddenAct, 'hidden_act');
      const gated = tf.mul(activation((this.linears['mlp.gate_proj'] as Linear).apply(x)), this.projection('ffn.output', x, call));
      const mlpOutput = this.projection('ffn.intermediate', gated, call) as tf.Tensor3D;
      return hookedResidual(this.index, 'ffn', mlpOutput, afterAttention, call);
    });
  }
}
