import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AdapterHooks } from '@adapters/core';
import { maxAbsDifference } from '@adapters/test-utils';
import { normalizeEncoderConfig } from '../config/encoder-config';
import { BertModel } from './bert-model';

const tinyConfig = (overrides: Record<string, unknown> = {}) =>
  normalizeEncoderConfig({
    model_type: 'bert',
    vocab_size: 50,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 20,
    ...overrides,
  });

function inputs() {
  return {
    inputIds: tf.tensor2d([[2, 7, 9, 3, 0], [2, 5, 3, 0, 0]], [2, 5], 'int32'),
    attentionMask: tf.tensor2d([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]], [2, 5], 'int32'),
  };
}

describe('BertModel', () => {
  it('names parameters exactly as HF checkpoints', () => {
    const model = new BertModel(tinyConfig());
    const names = [...model.stateDict().keys()];
    expect(names).toContain('embeddings.word_embeddings.weight');
    expect(names).toContain('encoder.layer.1.attention.self.query.weight');
    expect(names).toContain('encoder.layer.0.attention.output.LayerNorm.bias');
    expect(names).toContain('encoder.layer.0.intermediate.dense.weight');
    expect(names).toContain('pooler.dense.bias');
    expect(model.stateDict().get('encoder.layer.0.intermediate.dense.weight')!.shape).toEqual([32, 16]);
    expect(names).toHaveLength(5 + 16 * 2 + 2);
    model.dispose();
  });

  it('returns hidden states for the embeddings and every layer, and pad rows do not change real tokens', () => {
    const model = new BertModel(tinyConfig());
    const batch = inputs();
    const output = model.forward(batch, { outputHiddenStates: true });
    expect(output.lastHiddenState.shape).toEqual([2, 5, 16]);
    expect(output.poolerOutput!.shape).toEqual([2, 16]);
    expect(output.hiddenStates).toHaveLength(3);
    // Changing the id under a masked position leaves real positions untouched.
    const changed = tf.tensor2d([[2, 7, 9, 3, 11], [2, 5, 3, 0, 0]], [2, 5], 'int32');
    const again = model.forward({ inputIds: changed, attentionMask: batch.attentionMask });
    const realA = tf.slice(output.lastHiddenState, [0, 0, 0], [1, 4, 16]);
    const realB = tf.slice(again.lastHiddenState, [0, 0, 0], [1, 4, 16]);
    expect(maxAbsDifference(realA, realB)).toBeLessThan(1e-5);
    tf.dispose([realA, realB, changed, again.lastHiddenState, again.poolerOutput!, again.attentionMask]);
    tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask, ...output.hiddenStates!]);
    tf.dispose([batch.inputIds, batch.attentionMask]);
    model.dispose();
  });

  it('counts BERT positions 0..T-1 in every row, with no op', async () => {
    const model = new BertModel(tinyConfig());
    const ids = tf.tensor2d([[5, 6, 7], [8, 9, 1]], [2, 3], 'int32');
    const profile = await tf.profile(() => {
      const positions = model.embeddings.positionIds(ids);
      expect(positions.dtype).toBe('int32');
      expect(positions.arraySync()).toEqual([[0, 1, 2], [0, 1, 2]]);
      positions.dispose();
    });
    expect(profile.kernels).toEqual([]);
    ids.dispose();
    model.dispose();
  });

  it('computes RoBERTa position ids from the pad id', () => {
    const model = new BertModel(tinyConfig({ model_type: 'roberta', pad_token_id: 1, type_vocab_size: 1 }));
    const ids = tf.tensor2d([[0, 5, 6, 2, 1, 1]], [1, 6], 'int32');
    const positions = model.embeddings.positionIds(ids);
    expect(positions.arraySync()).toEqual([[2, 3, 4, 5, 1, 1]]);
    tf.dispose([ids, positions]);
    model.dispose();
  });

  it('is deterministic in eval mode and stochastic with dropout in training mode', () => {
    const model = new BertModel(tinyConfig({ hidden_dropout_prob: 0.5 }));
    const batch = inputs();
    const first = model.forward(batch);
    const second = model.forward(batch);
    const trained = model.forward(batch, { training: true });
    expect(maxAbsDifference(first.lastHiddenState, second.lastHiddenState)).toBe(0);
    expect(maxAbsDifference(first.lastHiddenState, trained.lastHiddenState)).toBeGreaterThan(1e-3);
    for (const output of [first, second, trained]) tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask]);
    tf.dispose([batch.inputIds, batch.attentionMask]);
    model.dispose();
  });

  it('runs adapter hooks at every hook point, and identity hooks change nothing', () => {
    const model = new BertModel(tinyConfig());
    const batch = inputs();
    const plain = model.forward(batch);
    const seen = { embedding: 0, linear: new Set<string>(), residual: new Set<string>(), prefix: 0 };
    const identity: AdapterHooks = {
      embeddingOutput: ({ hidden }) => {
        seen.embedding += 1;
        return tf.clone(hidden);
      },
      linearOutput: ({ layer, site, output }) => {
        seen.linear.add(`${layer}:${site}`);
        return tf.clone(output);
      },
      residual: ({ layer, site }) => {
        seen.residual.add(`${layer}:${site}`);
        return undefined;
      },
      attentionPrefix: () => {
        seen.prefix += 1;
        return undefined;
      },
    };
    model.setHooks(identity);
    const hooked = model.forward(batch);
    expect(seen.embedding).toBe(1);
    expect(seen.linear.size).toBe(12);
    expect([...seen.residual].sort()).toEqual(['0:attention', '0:ffn', '1:attention', '1:ffn']);
    expect(seen.prefix).toBe(2);
    expect(maxAbsDifference(plain.lastHiddenState, hooked.lastHiddenState)).toBe(0);

    // A residual hook that doubles the batch (as Parallel does) propagates: later layers tile the mask.
    model.setHooks({
      residual: ({ layer, site, hidden, input, layerNorm }) =>
        layer === 0 && site === 'ffn' ? layerNorm(tf.tile(tf.add(hidden, input), [2, 1, 1])) : undefined,
    });
    const doubled = model.forward(batch);
    expect(doubled.lastHiddenState.shape).toEqual([4, 5, 16]);
    expect(doubled.attentionMask.shape).toEqual([4, 5]);
    const firstHalf = tf.slice(doubled.lastHiddenState, [0, 0, 0], [2, 5, 16]);
    expect(maxAbsDifference(firstHalf, plain.lastHiddenState)).toBeLessThan(1e-6);
    model.setHooks(undefined);
    for (const output of [plain, hooked, doubled]) tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask]);
    tf.dispose([firstHalf, batch.inputIds, batch.attentionMask]);
    model.dispose();
  });

  it('keeps tf.memory() flat across forward passes in a loop', () => {
    const model = new BertModel(tinyConfig());
    const batch = inputs();
    const run = () => {
      const output = model.forward(batch, { outputHiddenStates: true });
      tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask, ...output.hiddenStates!]);
    };
    run();
    const before = tf.memory();
    for (let step = 0; step < 5; step++) run();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([batch.inputIds, batch.attentionMask]);
    model.dispose();
  });

  it('rejects mismatched input shapes and sequences longer than max positions with typed errors', () => {
    const model = new BertModel(tinyConfig());
    const ids = tf.zeros([1, 21], 'int32') as tf.Tensor2D;
    expect(() => model.forward({ inputIds: ids })).toThrow(/max_position_embeddings \(20\)/);
    const short = tf.zeros([1, 4], 'int32') as tf.Tensor2D;
    const mask = tf.ones([1, 3], 'int32') as tf.Tensor2D;
    expect(() => model.forward({ inputIds: short, attentionMask: mask })).toThrow(/attentionMask.*expected \[1, 4\], got \[1, 3\]/);
    tf.dispose([ids, short, mask]);
    model.dispose();
    expect(() => model.forward({ inputIds: short })).toThrow(/used after dispose/);
  });
});
