import { describe, expect, it } from 'vitest';
import { normalizeDecoderConfig } from '@adapters/models';
import { decoderStaticHead } from './decoder-static-heads';

const llama = (extra: Record<string, unknown> = {}) =>
  normalizeDecoderConfig({ model_type: 'llama', vocab_size: 8, hidden_size: 4, num_attention_heads: 2, num_hidden_layers: 1, intermediate_size: 8, ...extra });

describe('decoderStaticHead (the library head_utils conversion)', () => {
  it('LlamaForCausalLM: an untied lm_head becomes heads.<name>.0.weight; a tied one loads nothing', () => {
    const untied = decoderStaticHead('LlamaForCausalLM', llama(), ['lm_head.weight']);
    expect(untied?.headConfig).toMatchObject({ headType: 'causal_lm', layers: 1, activationFunction: null, layerNorm: false, bias: false });
    expect([...(untied?.weights ?? [])]).toEqual([['lm_head.weight', '0.weight']]);
    expect([...(decoderStaticHead('LlamaForCausalLM', llama({ tie_word_embeddings: true }), [])?.weights ?? [])]).toEqual([]);
    expect(decoderStaticHead('GPT2LMHeadModel', normalizeDecoderConfig({ model_type: 'gpt2', vocab_size: 8, n_embd: 4, n_head: 2, n_layer: 1 }), [])?.headConfig).toMatchObject({ headType: 'causal_lm' });
  });

  it('LlamaForSequenceClassification: score.weight becomes a one-layer bias-free classification head (dropout_prob 0)', () => {
    const head = decoderStaticHead('LlamaForSequenceClassification', llama({ num_labels: 3 }), ['score.weight']);
    expect(head?.headConfig).toMatchObject({ headType: 'classification', numLabels: 3, layers: 1, bias: false, dropoutProb: 0 });
    expect([...(head?.weights ?? [])]).toEqual([['score.weight', '1.weight']]);
    expect(decoderStaticHead('LlamaModel', llama(), [])).toBeUndefined();
  });
});
