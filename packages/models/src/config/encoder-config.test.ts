import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@adapters/core';
import { normalizeEncoderConfig } from './encoder-config';

const BERT = { model_type: 'bert', hidden_size: 32, num_attention_heads: 4, num_hidden_layers: 2, intermediate_size: 64, vocab_size: 100 };

describe('normalizeEncoderConfig bounds', () => {
  it.each([
    ['vocab_size', 2 ** 31],
    ['hidden_size', 2 ** 32],
    ['num_hidden_layers', 4294967296],
    ['intermediate_size', 1e12],
    ['max_position_embeddings', 2 ** 40],
    ['type_vocab_size', 2 ** 33],
  ])('%s = %d is an InvalidConfigError naming the field', (field, value) => {
    const json = { ...BERT, [field]: value, ...(field === 'hidden_size' ? { num_attention_heads: 1 } : {}) };
    expect(() => normalizeEncoderConfig(json, 'config.json')).toThrow(InvalidConfigError);
    try {
      normalizeEncoderConfig(json, 'config.json');
    } catch (error) {
      expect((error as InvalidConfigError).path).toBe(field);
      expect((error as InvalidConfigError).message).toContain('config.json');
    }
  });

  it('a released model size loads (XLM-R large)', () => {
    const config = normalizeEncoderConfig({ ...BERT, model_type: 'xlm-roberta', vocab_size: 250002, hidden_size: 1024, num_attention_heads: 16, num_hidden_layers: 24, intermediate_size: 4096, max_position_embeddings: 514 });
    expect(config.vocabSize).toBe(250002);
  });
});
