import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AdaptersError, readSafetensors, writeSafetensors, type TensorData } from '@adapters/core';
import { dataRoot, fixturesRoot } from '@adapters/test-utils';
import { loadEncoder } from './load-encoder';

const bertTinyMlm = path.join(dataRoot(), 'models/bert-tiny-mlm');
const backboneA = path.join(fixturesRoot(), '_backbones/bert-tiny-a');

const scratchFolders: string[] = [];
async function scratchCopy(from: string, edit?: (tensors: Map<string, TensorData>) => void): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-load-'));
  scratchFolders.push(folder);
  await copyFile(path.join(from, 'config.json'), path.join(folder, 'config.json'));
  const { tensors, metadata } = await readSafetensors(path.join(from, 'model.safetensors'));
  edit?.(tensors);
  await writeSafetensors(path.join(folder, 'model.safetensors'), tensors, metadata);
  return folder;
}

afterEach(async () => {
  await Promise.all(scratchFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('loadEncoder', () => {
  it('loads the pretrained bert-tiny-mlm (BertForMaskedLM) and reports exactly its cls.* tensors as unused', async () => {
    const { model, unusedKeys, strippedPrefix, config } = await loadEncoder(bertTinyMlm);
    try {
      expect(strippedPrefix).toBe('bert.');
      expect(config.hiddenSize).toBe(128);
      expect([...unusedKeys].sort()).toEqual([
        'cls.predictions.bias',
        'cls.predictions.transform.LayerNorm.bias',
        'cls.predictions.transform.LayerNorm.weight',
        'cls.predictions.transform.dense.bias',
        'cls.predictions.transform.dense.weight',
      ]);
      const { tensors } = await readSafetensors(path.join(bertTinyMlm, 'model.safetensors'), {
        filter: (key) => key === 'bert.encoder.layer.1.output.dense.weight',
      });
      const stored = tensors.get('bert.encoder.layer.1.output.dense.weight')!;
      const loaded = model.stateDict().get('encoder.layer.1.output.dense.weight')!;
      expect(loaded.shape).toEqual(stored.shape);
      expect(Array.from(await loaded.data())).toEqual(Array.from(stored.values));
    } finally {
      model.dispose();
    }
  });

  it('loads a prefix-free BertModel folder with nothing unused', async () => {
    const { model, unusedKeys, strippedPrefix } = await loadEncoder(backboneA);
    expect(unusedKeys).toEqual([]);
    expect(strippedPrefix).toBe('');
    expect(model.parameterCount()).toBeGreaterThan(0);
    model.dispose();
  });

  it('names the key and both shapes when a backbone tensor has the wrong shape', async () => {
    const folder = await scratchCopy(backboneA, (tensors) => {
      tensors.set('encoder.layer.1.attention.self.key.weight', { dtype: 'float32', shape: [32, 31], values: new Float32Array(32 * 31) });
    });
    const before = tf.memory().numTensors;
    const error = await loadEncoder(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('shape-mismatch');
    expect((error as Error).message).toContain("'encoder.layer.1.attention.self.key.weight'");
    expect((error as Error).message).toContain('expected [32, 32], got [32, 31]');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the missing key when a backbone tensor is absent', async () => {
    const folder = await scratchCopy(backboneA, (tensors) => {
      tensors.delete('encoder.layer.0.output.LayerNorm.bias');
    });
    const error = await loadEncoder(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('state-dict');
    expect((error as Error).message).toContain('missing keys: encoder.layer.0.output.LayerNorm.bias');
  });

  it('gives typed errors for a missing folder, bad JSON and a bad config field', async () => {
    const missing = await loadEncoder('/nonexistent/model').catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(missing) && missing.code).toBe('file-format');
    expect((missing as Error).message).toContain('/nonexistent/model/config.json');

    const folder = await scratchCopy(backboneA);
    await writeFile(path.join(folder, 'config.json'), '{"model_type": "bert", ');
    const badJson = await loadEncoder(folder).catch((caught: unknown) => caught);
    expect((badJson as Error).message).toMatch(/config\.json: is not valid JSON/);

    await writeFile(path.join(folder, 'config.json'), JSON.stringify({ model_type: 'bert', vocab_size: 10, hidden_size: 30, num_hidden_layers: 1, num_attention_heads: 4, intermediate_size: 8 }));
    const badField = await loadEncoder(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(badField) && badField.code).toBe('invalid-config');
    expect((badField as Error).message).toContain("'num_attention_heads'");
    expect((badField as Error).message).toContain('a divisor of hidden_size (30)');
  });
});
