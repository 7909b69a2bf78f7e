import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, LayerNorm, Module, dropout, getActivation, type FusedLinearSite, type LinearParameters, type LinearSite } from '@adapters/core';
import type { DecoderConfig } from '../config/decoder-config';
import { decoderAttention } from '../decoder/decoder-attention';
import type { DecoderBlock, DecoderLayerCall } from '../decoder/decoder-model';
import { hookedLinear, hookedResidual } from '../decoder/linear-hook';
import { Conv1D } from './conv1d';

/**
 * HF `GPT2Block`: `h = h + attn(ln_1(h))`, `h = h + mlp(ln_2(h))` with the library's `attention_adapters` /
 * `output_adapters` at the two residual adds. LoRA/IA3 wrap `attn.c_attn` (fused q|k|v), `mlp.c_fc`
 * (intermediate) and `mlp.c_proj` (output); `attn.c_proj` is not wrapped.
 */
export class GPT2Block extends Module implements DecoderBlock {
  private readonly ln1: LayerNorm;
  private readonly cAttn: Conv1D;
  private readonly attnProj: Conv1D;
  private readonly ln2: LayerNorm;
  private readonly cFc: Conv1D;
  private readonly mlpProj: Conv1D;

  constructor(
    private readonly config: DecoderConfig,
    readonly index: number,
  ) {
    super();
    const { hiddenSize, intermediateSize, initializerRange, layerNormEps } = config;
    this.ln1 = this.addModule('ln_1', new LayerNorm(hiddenSize, layerNormEps));
    this.cAttn = this.addModule('attn.c_attn', new Conv1D(hiddenSize, 3 * hiddenSize, initializerRange));
    this.attnProj = this.addModule('attn.c_proj', new Conv1D(hiddenSize, hiddenSize, initializerRange));
    this.ln2 = this.addModule('ln_2', new LayerNorm(hiddenSize, layerNormEps));
    this.cFc = this.addModule('mlp.c_fc', new Conv1D(hiddenSize, intermediateSize, initializerRange));
    this.mlpProj = this.addModule('mlp.c_proj', new Conv1D(intermediateSize, hiddenSize, initializerRange));
  }

  linearParameters(site: LinearSite | FusedLinearSite): LinearParameters {
    if (site === 'attention.qkv') return this.cAttn.parameters();
    if (site === 'ffn.intermediate') return this.cFc.parameters();
    if (site === 'ffn.output') return this.mlpProj.parameters();
    throw new InvalidConfigError({ path: 'site', expected: "'attention.qkv', 'ffn.intermediate' or 'ffn.output' (the GPT-2 linears adapters wrap)", received: site });
  }

  apply(hidden: tf.Tensor3D, call: DecoderLayerCall): tf.Tensor3D {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const { training } = call.context;
      const { hiddenSize, numAttentionHeads, headDim } = this.config;
      const fused = hookedLinear(this.index, 'attention.qkv', this.ln1.apply(hidden), (x) => this.cAttn.apply(x), () => this.cAttn.parameters(), call);
      const [query, key, value] = tf.split(fused, [hiddenSize, hiddenSize, hiddenSize], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const attended = decoderAttention(query, key, value, call, {
        layer: this.index,
        numHeads: numAttentionHeads,
        numKeyValueHeads: numAttentionHeads,
        headDim,
        dropoutRate: this.config.attentionProbsDropoutProb,
      });
      const attentionOutput = dropout(this.attnProj.apply(attended), this.config.hiddenDropoutProb, training) as tf.Tensor3D;
      const afterAttention = hookedResidual(this.index, 'attention', attentionOutput, hidden, call);
      const activation = getActivation(this.config.hiddenAct, 'activation_function');
      const normed = this.ln2.apply(afterAttention);
      const intermediate = activation(hookedLinear(this.index, 'ffn.intermediate', normed, (x) => this.cFc.apply(x), () => this.cFc.parameters(), call));
      const mlpOutput = hookedLinear(this.index, 'ffn.output', intermediate, (x) => this.mlpProj.apply(x), () => this.mlpProj.parameters(), call);
      return hookedResidual(this.index, 'ffn', dropout(mlpOutput, this.config.hiddenDropoutProb, training) as tf.Tensor3D, afterAttention, call);
    });
  }
}
