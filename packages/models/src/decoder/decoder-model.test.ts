import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AdapterHooks } from '@adapters/core';
import { maxAbsDifference } from '@adapters/test-utils';
import { normalizeDecoderConfig } from '../config/decoder-config';
import { GPT2Model } from '../gpt2/gpt2-model';
import { LlamaModel } from '../llama/llama-model';
import type { DecoderModel } from './decoder-model';
import { KeyValueCache } from './key-value-cache';

const gpt2 = () =>
  new GPT2Model(normalizeDecoderConfig({ model_type: 'gpt2', vocab_size: 40, n_embd: 16, n_head: 4, n_layer: 2, n_positions: 24, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0 }));
const llama = () =>
  new LlamaModel(
    normalizeDecoderConfig({ model_type: 'llama', vocab_size: 40, hidden_size: 16, num_attention_heads: 4, num_key_value_heads: 2, num_hidden_layers: 2, intermediate_size: 24, head_dim: 6, pad_token_id: 0 }),
  );

function withModel(build: () => DecoderModel, body: (model: DecoderModel) => void): void {
  const model = build();
  try {
    body(model);
  } finally {
    model.dispose();
  }
}

describe.each([
  ['GPT-2', gpt2],
  ['Llama', llama],
] as const)('%s decoder', (_, build) => {
  it('is causal: a later token never changes earlier positions', () => {
    withModel(build, (model) => {
      const a = tf.tensor2d([[3, 7, 9, 4, 5]], [1, 5], 'int32');
      const b = tf.tensor2d([[3, 7, 9, 11, 2]], [1, 5], 'int32');
      const first = model.forward({ inputIds: a });
      const second = model.forward({ inputIds: b });
      const early = (output: typeof first) => tf.slice(output.lastHiddenState, [0, 0, 0], [1, 3, -1]);
      const [x, y] = [early(first), early(second)];
      expect(maxAbsDifference(x, y)).toBeLessThan(1e-6);
      tf.dispose([a, b, x, y, first.lastHiddenState, first.attentionMask, first.sentenceIndex!, second.lastHiddenState, second.attentionMask, second.sentenceIndex!]);
    });
  });

  it('with a key/value cache, one token at a time gives the hidden states of the full forward', () => {
    withModel(build, (model) => {
      const ids = [[3, 7, 9, 4, 5, 6]];
      const all = tf.tensor2d(ids, [1, 6], 'int32');
      const full = model.forward({ inputIds: all });
      const cache = new KeyValueCache();
      const steps: tf.Tensor[] = [];
      const prompt = tf.tensor2d([ids[0]!.slice(0, 3)], [1, 3], 'int32');
      const first = model.forward({ inputIds: prompt }, { cache });
      steps.push(first.lastHiddenState);
      for (let position = 3; position < 6; position++) {
        const step = tf.tensor2d([[ids[0]![position]!]], [1, 1], 'int32');
        const mask = tf.ones([1, position + 1], 'int32') as tf.Tensor2D;
        const output = model.forward({ inputIds: step, attentionMask: mask }, { cache });
        steps.push(output.lastHiddenState);
        tf.dispose([step, mask, output.attentionMask]);
      }
      expect(cache.length).toBe(6);
      expect(cache.byteSize()).toBe(2 * model.numLayers * 4 * (model.numKeyValueHeads * 6 * (model.config.headDim)));
      const stitched = tf.concat(steps, 1);
      expect(maxAbsDifference(stitched, full.lastHiddenState)).toBeLessThan(1e-5);
      cache.dispose();
      tf.dispose([...steps, stitched, prompt, all, first.attentionMask, full.lastHiddenState, full.attentionMask, full.sentenceIndex!]);
    });
  });

  it('calls the adapter hooks at the library locations, and identity hooks change nothing', () => {
    withModel(build, (model) => {
      const ids = tf.tensor2d([[3, 7, 9, 0]], [1, 4], 'int32');
      const plain = model.forward({ inputIds: ids });
      const sites = new Set<string>();
      const residuals = new Set<string>();
      const hooks: AdapterHooks = {
        linearOutput: ({ layer, site, output }) => {
          sites.add(`${layer}:${site}`);
          return tf.clone(output);
        },
        residual: ({ layer, site }) => {
          residuals.add(`${layer}:${site}`);
          return undefined;
        },
      };
      model.setHooks(hooks);
      const hooked = model.forward({ inputIds: ids });
      model.setHooks(undefined);
      expect(maxAbsDifference(plain.lastHiddenState, hooked.lastHiddenState)).toBe(0);
      const expectedSites = model.modelType === 'gpt2' ? ['attention.qkv', 'ffn.intermediate', 'ffn.output'] : ['attention.query', 'attention.key', 'attention.value', 'ffn.intermediate', 'ffn.output'];
      expect([...sites].sort()).toEqual([0, 1].flatMap((layer) => expectedSites.map((site) => `${layer}:${site}`)).sort());
      expect(residuals.size).toBe(4);
      // the linear each site names (Llama's "intermediate" LoRA location is down_proj: I -> H)
      if (model.modelType === 'llama') expect(model.linear(0, 'ffn.intermediate')).toMatchObject({ inFeatures: 24, outFeatures: 16 });
      else expect(model.linear(0, 'attention.qkv')).toMatchObject({ inFeatures: 16, outFeatures: 48, weightLayout: 'in_out' });
      tf.dispose([ids, plain.lastHiddenState, plain.attentionMask, plain.sentenceIndex!, hooked.lastHiddenState, hooked.attentionMask, hooked.sentenceIndex!]);
    });
  });
});

describe('decoder parameters and configs', () => {
  it('names parameters as HF checkpoints (Conv1D [in, out] for GPT-2; GQA-sized k/v for Llama)', () => {
    withModel(gpt2, (model) => {
      const state = model.stateDict();
      expect(state.get('h.1.attn.c_attn.weight')!.shape).toEqual([16, 48]);
      expect(state.get('h.0.mlp.c_fc.weight')!.shape).toEqual([16, 64]);
      expect([...state.keys()]).toEqual(expect.arrayContaining(['wte.weight', 'wpe.weight', 'ln_f.bias', 'h.0.ln_2.weight']));
      expect(model.baseModelPrefix).toBe('transformer');
    });
    withModel(llama, (model) => {
      const state = model.stateDict();
      expect(state.get('layers.0.self_attn.q_proj.weight')!.shape).toEqual([24, 16]);
      expect(state.get('layers.0.self_attn.k_proj.weight')!.shape).toEqual([12, 16]);
      expect(state.get('layers.1.self_attn.o_proj.weight')!.shape).toEqual([16, 24]);
      expect(state.has('layers.0.self_attn.q_proj.bias')).toBe(false);
      expect([...state.keys()]).toEqual(expect.arrayContaining(['embed_tokens.weight', 'norm.weight', 'layers.1.mlp.down_proj.weight']));
      expect(model.baseModelPrefix).toBe('model');
    });
  });

  it('reads the last non-pad token index per row', () => {
    withModel(llama, (model) => {
      const ids = tf.tensor2d([[5, 6, 7, 0], [5, 0, 0, 0]], [2, 4], 'int32');
      const output = model.forward({ inputIds: ids });
      expect(output.sentenceIndex!.arraySync()).toEqual([2, 0]);
      tf.dispose([ids, output.lastHiddenState, output.attentionMask, output.sentenceIndex!]);
    });
  });

  it('rejects configs it cannot run, naming the field', () => {
    expect(() => normalizeDecoderConfig({ model_type: 'llama', vocab_size: 4, hidden_size: 8, num_attention_heads: 4, num_key_value_heads: 3, num_hidden_layers: 1, intermediate_size: 8 })).toThrow(/num_key_value_heads/);
    expect(() => normalizeDecoderConfig({ model_type: 'llama', vocab_size: 4, hidden_size: 8, num_attention_heads: 2, num_hidden_layers: 1, intermediate_size: 8, rope_scaling: { type: 'linear' } })).toThrow(/rope_scaling/);
    expect(() => normalizeDecoderConfig({ model_type: 'mistral' })).toThrow(/model_type/);
    expect(() => normalizeDecoderConfig({ model_type: 'gpt2', vocab_size: 4, n_embd: 8, n_head: 2, n_layer: 1, scale_attn_by_inverse_layer_idx: true })).toThrow(/scale_attn_by_inverse_layer_idx/);
  });
});
