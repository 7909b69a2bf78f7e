import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, type TensorData } from '@adapters/core';
import { maxAbsDifference, saveTinyEncoderFolder, tinyEncoderConfig } from '@adapters/test-utils';
import { loadEncoder } from '../load/load-encoder';
import type { BertModel } from './bert-model';
import type { EncoderOutput } from './encoder-io';

// RoBERTa conventions (HF RobertaTokenizer / XLMRobertaTokenizer): <s>=0, <pad>=1, </s>=2.
const PAD = 1;
let root: string;
let robertaFolder: string;
let roberta: BertModel;
let stored: Map<string, TensorData>;

/** The same weights as the RoBERTa folder, saved as a BERT whose position rows are RoBERTa's rows `pad + 1 + i`. */
async function bertWithPositionRows(firstRow: number, name: string): Promise<BertModel> {
  const config = tinyEncoderConfig('bert', { type_vocab_size: 1, pad_token_id: PAD, layer_norm_eps: 1e-5, max_position_embeddings: 32 });
  const folder = await saveTinyEncoderFolder(path.join(root, name), config, {
    edit: (tensors) => {
      tensors.clear();
      for (const [key, value] of stored) tensors.set(key.replace(/^roberta\./, 'bert.'), value);
      const positions = stored.get('roberta.embeddings.position_embeddings.weight')!;
      const hidden = positions.shape[1]!;
      const rows = (positions.values as Float32Array).slice(firstRow * hidden, (firstRow + 32) * hidden);
      tensors.set('bert.embeddings.position_embeddings.weight', { dtype: 'float32', shape: [32, hidden], values: rows });
    },
  });
  return (await loadEncoder(folder)).model;
}

function disposeOutput(output: EncoderOutput): void {
  tf.dispose([output.lastHiddenState, output.attentionMask, ...(output.poolerOutput ? [output.poolerOutput] : []), ...(output.hiddenStates ?? [])]);
}

function batch(): { inputIds: tf.Tensor2D; attentionMask: tf.Tensor2D } {
  return {
    inputIds: tf.tensor2d([[0, 5, 6, 7, 8, 2], [0, 9, 10, 2, PAD, PAD]], [2, 6], 'int32'),
    attentionMask: tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], [2, 6], 'int32'),
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'adapters-roberta-'));
  robertaFolder = await saveTinyEncoderFolder(path.join(root, 'roberta'), tinyEncoderConfig('roberta'));
  stored = (await readSafetensors(path.join(robertaFolder, 'model.safetensors'))).tensors;
  roberta = (await loadEncoder(robertaFolder)).model;
});

afterAll(async () => {
  roberta.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('RoBERTa / XLM-R encoders', () => {
  it('position ids follow HF create_position_ids_from_input_ids: real tokens from padding_idx + 1, pads get padding_idx, int32', () => {
    // mask [1,1,0,1,1,0] → cumsum*mask [1,2,0,3,4,0] → + padding_idx 1
    const ids = tf.tensor2d([[0, 5, PAD, 6, 2, PAD], [0, 7, 8, 9, 10, 2]], [2, 6], 'int32');
    const positions = roberta.embeddings.positionIds(ids);
    expect(positions.dtype).toBe('int32');
    expect(positions.arraySync()).toEqual([[2, 3, 1, 4, 5, 1], [2, 3, 4, 5, 6, 7]]);
    tf.dispose([ids, positions]);
  });

  it('loads a roberta.-prefixed folder with one token type, a pooler and nothing unused', async () => {
    const loaded = await loadEncoder(robertaFolder);
    expect(loaded.strippedPrefix).toBe('roberta.');
    expect(loaded.unusedKeys).toEqual([]);
    expect(loaded.model.embeddings.tokenTypeEmbeddings.weight.shape).toEqual([1, 32]);
    expect(loaded.model.pooler).toBeDefined();
    expect(loaded.model.baseModelPrefix).toBe('roberta');
    loaded.model.dispose();
  });

  it('embedding output is LayerNorm(word[id] + position[row] + token_type[0]) with RoBERTa position rows, pads on row padding_idx', () => {
    const { inputIds, attentionMask } = batch();
    const output = roberta.forward({ inputIds, attentionMask }, { outputHiddenStates: true });
    const embeddings = output.hiddenStates![0]!.arraySync() as number[][][];
    const hidden = 32;
    const row = (key: string, index: number): number[] => Array.from((stored.get(`roberta.embeddings.${key}`)!.values as Float32Array).slice(index * hidden, (index + 1) * hidden));
    const gamma = row('LayerNorm.weight', 0);
    const beta = row('LayerNorm.bias', 0);
    const expected = (tokenId: number, positionRow: number): number[] => {
      const summed = row('word_embeddings.weight', tokenId).map((value, i) => value + row('position_embeddings.weight', positionRow)[i]! + row('token_type_embeddings.weight', 0)[i]!);
      const mean = summed.reduce((a, b) => a + b, 0) / hidden;
      const variance = summed.reduce((a, b) => a + (b - mean) ** 2, 0) / hidden;
      return summed.map((value, i) => ((value - mean) / Math.sqrt(variance + 1e-5)) * gamma[i]! + beta[i]!);
    };
    const close = (actual: number[], wanted: number[]) => Math.max(...actual.map((value, i) => Math.abs(value - wanted[i]!)));
    expect(close(embeddings[0]![0]!, expected(0, 2))).toBeLessThan(1e-5); // <s> at position row padding_idx + 1
    expect(close(embeddings[0]![5]!, expected(2, 7))).toBeLessThan(1e-5);
    expect(close(embeddings[1]![3]!, expected(2, 5))).toBeLessThan(1e-5);
    expect(close(embeddings[1]![4]!, expected(PAD, PAD))).toBeLessThan(1e-5); // a pad on row padding_idx
    expect(close(embeddings[1]![4]!, expected(PAD, 6))).toBeGreaterThan(1e-3); // not on BERT's row 4 + 2
    disposeOutput(output);
    tf.dispose([inputIds, attentionMask]);
  });

  it('equals a BERT with the same weights whose position rows are shifted by padding_idx + 1 (real tokens and pooler)', async () => {
    const shifted = await bertWithPositionRows(PAD + 1, 'bert-shifted');
    const unshifted = await bertWithPositionRows(0, 'bert-unshifted');
    const { inputIds, attentionMask } = batch();
    const fromRoberta = roberta.forward({ inputIds, attentionMask });
    const fromBert = shifted.forward({ inputIds, attentionMask });
    const fromUnshifted = unshifted.forward({ inputIds, attentionMask });
    const real = (output: EncoderOutput) => [tf.slice(output.lastHiddenState, [0, 0, 0], [1, 6, 32]), tf.slice(output.lastHiddenState, [1, 0, 0], [1, 4, 32])];
    const [robertaFirst, robertaSecond] = real(fromRoberta);
    const [bertFirst, bertSecond] = real(fromBert);
    expect(maxAbsDifference(robertaFirst!, bertFirst!)).toBeLessThan(1e-5);
    expect(maxAbsDifference(robertaSecond!, bertSecond!)).toBeLessThan(1e-5);
    expect(maxAbsDifference(fromRoberta.poolerOutput!, fromBert.poolerOutput!)).toBeLessThan(1e-5);
    // without the shift the outputs differ: the comparison can fail
    expect(maxAbsDifference(fromRoberta.lastHiddenState, fromUnshifted.lastHiddenState)).toBeGreaterThan(1e-3);
    tf.dispose([robertaFirst!, robertaSecond!, bertFirst!, bertSecond!, inputIds, attentionMask]);
    [fromRoberta, fromBert, fromUnshifted].forEach(disposeOutput);
    shifted.dispose();
    unshifted.dispose();
  });

  it('an XLM-R folder (model_type xlm-roberta, roberta. keys) loads and gives the RoBERTa outputs for the same weights', async () => {
    const folder = await saveTinyEncoderFolder(path.join(root, 'xlmr'), tinyEncoderConfig('xlm-roberta'), {
      edit: (tensors) => {
        tensors.clear();
        for (const [key, value] of stored) tensors.set(key, value);
      },
    });
    const { model: xlmr, strippedPrefix } = await loadEncoder(folder);
    expect(xlmr.modelType).toBe('xlm-roberta');
    expect(strippedPrefix).toBe('roberta.');
    const { inputIds, attentionMask } = batch();
    const a = xlmr.forward({ inputIds, attentionMask });
    const b = roberta.forward({ inputIds, attentionMask });
    expect(maxAbsDifference(a.lastHiddenState, b.lastHiddenState)).toBe(0);
    [a, b].forEach(disposeOutput);
    tf.dispose([inputIds, attentionMask]);
    xlmr.dispose();
  });

  it('pads do not change the real tokens: appending pads leaves their states and the pooler unchanged', () => {
    const short = tf.tensor2d([[0, 9, 10, 2]], [1, 4], 'int32');
    const padded = tf.tensor2d([[0, 9, 10, 2, PAD, PAD]], [1, 6], 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 1, 0, 0]], [1, 6], 'int32');
    const a = roberta.forward({ inputIds: short });
    const b = roberta.forward({ inputIds: padded, attentionMask: mask });
    const realB = tf.slice(b.lastHiddenState, [0, 0, 0], [1, 4, 32]);
    expect(maxAbsDifference(a.lastHiddenState, realB)).toBeLessThan(1e-5);
    expect(maxAbsDifference(a.poolerOutput!, b.poolerOutput!)).toBeLessThan(1e-5);
    [a, b].forEach(disposeOutput);
    tf.dispose([short, padded, mask, realB]);
  });
});
