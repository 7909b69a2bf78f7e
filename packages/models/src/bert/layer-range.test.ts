import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AdaptersError } from '@adapters/core';
import { maxAbsDifference } from '@adapters/test-utils';
import { normalizeEncoderConfig } from '../config/encoder-config';
import { BertModel } from './bert-model';

const config = (modelType: string) =>
  normalizeEncoderConfig({
    model_type: modelType,
    vocab_size: 50,
    hidden_size: 16,
    num_hidden_layers: 3,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 24,
    pad_token_id: 1,
  });

const batch = () => ({
  inputIds: tf.tensor2d([[2, 7, 9, 3, 1], [2, 5, 3, 1, 1]], [2, 5], 'int32'),
  attentionMask: tf.tensor2d([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]], [2, 5], 'int32'),
});

describe('BertModel layerRange (the frozen-layer cache hook)', () => {
  for (const modelType of ['bert', 'roberta', 'xlm-roberta']) {
    it(`${modelType}: running layers [0, k) and then [k, L) from those states equals one full forward, for every k`, () => {
      const model = new BertModel(config(modelType));
      const inputs = batch();
      const full = model.forward(inputs);
      for (let k = 0; k <= 3; k++) {
        const lower = model.forward(inputs, { layerRange: { end: k } });
        // the lower part stops before layer k: its states are layer k's input, and the pooler runs only after the last layer
        expect(lower.lastHiddenState.shape).toEqual([2, 5, 16]);
        expect(lower.poolerOutput === undefined).toBe(k < 3);
        const upper = model.forward(inputs, { layerRange: { start: { layer: k, hiddenStates: lower.lastHiddenState } } });
        expect(maxAbsDifference(upper.lastHiddenState, full.lastHiddenState)).toBeLessThan(1e-6);
        expect(maxAbsDifference(upper.poolerOutput!, full.poolerOutput!)).toBeLessThan(1e-6);
        tf.dispose([lower.lastHiddenState, lower.attentionMask, ...(lower.poolerOutput === undefined ? [] : [lower.poolerOutput]), upper.lastHiddenState, upper.poolerOutput!, upper.attentionMask]);
      }
      const hidden = model.forward(inputs, { outputHiddenStates: true });
      const lowerOne = model.forward(inputs, { layerRange: { end: 1 } });
      // layer k's input is HF's hidden_states[k]
      expect(maxAbsDifference(lowerOne.lastHiddenState, hidden.hiddenStates![1]!)).toBeLessThan(1e-6);
      tf.dispose([lowerOne.lastHiddenState, lowerOne.attentionMask, hidden.lastHiddenState, hidden.poolerOutput!, hidden.attentionMask, ...hidden.hiddenStates!]);
      tf.dispose([full.lastHiddenState, full.poolerOutput!, full.attentionMask, inputs.inputIds, inputs.attentionMask]);
      model.dispose();
    });
  }

  it('rejects states of the wrong shape and layers outside the model with typed errors', () => {
    const model = new BertModel(config('bert'));
    const inputs = batch();
    const wrong = tf.zeros([2, 4, 16]) as tf.Tensor3D;
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return AdaptersError.isInstance(error) ? error.code : 'untyped';
      }
      return undefined;
    };
    expect(codeOf(() => model.forward(inputs, { layerRange: { start: { layer: 1, hiddenStates: wrong } } }))).toBe('shape-mismatch');
    expect(codeOf(() => model.forward(inputs, { layerRange: { end: 4 } }))).toBe('invalid-config');
    expect(codeOf(() => model.forward(inputs, { layerRange: { start: { layer: 2, hiddenStates: wrong }, end: 1 } }))).toBe('invalid-config');
    tf.dispose([wrong, inputs.inputIds, inputs.attentionMask]);
    model.dispose();
  });
});
