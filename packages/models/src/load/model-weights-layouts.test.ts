// HF model folders in each weights layout transformers writes: pytorch_model.bin (read by the safe pickle
// reader), sharded indexes of safetensors and of .bin files, and safetensors preferred when both exist.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '@adapters/core';
import { fixturesRoot } from '@adapters/test-utils';
import { loadEncoder } from './load-encoder';

const backboneA = path.join(fixturesRoot(), '_backbones/bert-tiny-a');
const backboneBin = path.join(fixturesRoot(), '_backbones/bert-tiny-a-bin');
const scratchFolders: string[] = [];

async function scratch(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-layouts-'));
  scratchFolders.push(folder);
  await copyFile(path.join(backboneA, 'config.json'), path.join(folder, 'config.json'));
  return folder;
}

afterEach(async () => {
  await Promise.all(scratchFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Every parameter of the loaded encoder equals bert-tiny-a's model.safetensors. */
async function expectBackboneA(folder: string, weightsFile: string): Promise<void> {
  const { model, weightsFile: used } = await loadEncoder(folder);
  try {
    expect(path.basename(used)).toBe(weightsFile);
    const { tensors } = await readSafetensors(path.join(backboneA, 'model.safetensors'));
    for (const [key, variable] of model.stateDict()) {
      const expected = tensors.get(key) ?? tensors.get(`bert.${key}`);
      expect(expected, key).toBeDefined();
      expect(Buffer.from((variable.dataSync() as Float32Array).buffer).equals(Buffer.from(expected!.values.slice().buffer)), key).toBe(true);
    }
  } finally {
    model.dispose();
  }
}

describe('model weights layouts', () => {
  it('reads pytorch_model.bin', async () => {
    await expectBackboneA(backboneBin, 'pytorch_model.bin');
  });

  it('reads a sharded safetensors index (model.safetensors.index.json)', async () => {
    const folder = await scratch();
    const { tensors } = await readSafetensors(path.join(backboneA, 'model.safetensors'));
    const keys = [...tensors.keys()];
    const shards = [keys.slice(0, keys.length / 2), keys.slice(keys.length / 2)];
    const weightMap: Record<string, string> = {};
    for (const [index, shard] of shards.entries()) {
      const file = `model-0000${index + 1}-of-00002.safetensors`;
      await writeSafetensors(path.join(folder, file), new Map(shard.map((key) => [key, tensors.get(key)!])), { format: 'pt' });
      for (const key of shard) weightMap[key] = file;
    }
    await writeFile(path.join(folder, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    await expectBackboneA(folder, 'model.safetensors.index.json');
  });

  it('reads a sharded .bin index (pytorch_model.bin.index.json)', async () => {
    const folder = await scratch();
    const shard = 'pytorch_model-00001-of-00001.bin';
    await copyFile(path.join(backboneBin, 'pytorch_model.bin'), path.join(folder, shard));
    const { tensors } = await readSafetensors(path.join(backboneA, 'model.safetensors'));
    const weightMap = Object.fromEntries([...tensors.keys()].map((key) => [key, shard]));
    await writeFile(path.join(folder, 'pytorch_model.bin.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    await expectBackboneA(folder, 'pytorch_model.bin.index.json');
  });

  it('prefers model.safetensors when pytorch_model.bin is there too (the .bin is never parsed)', async () => {
    const folder = await scratch();
    await copyFile(path.join(backboneA, 'model.safetensors'), path.join(folder, 'model.safetensors'));
    await writeFile(path.join(folder, 'pytorch_model.bin'), 'not a pickle');
    await expectBackboneA(folder, 'model.safetensors');
  });

  it('refuses a shard path that leaves the folder', async () => {
    const folder = await scratch();
    await writeFile(path.join(folder, 'pytorch_model.bin.index.json'), JSON.stringify({ weight_map: { 'embeddings.word_embeddings.weight': '../elsewhere.bin' } }));
    await expect(loadEncoder(folder)).rejects.toMatchObject({ code: 'file-format' });
  });
});
