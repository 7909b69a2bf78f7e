// Saving to a FileMap (what a page downloads) and loading it back: the same bytes as the folder savers write,
// and a fresh model that computes the same logits.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileFormatError, Fuse, ShapeMismatchError, fileMapSource, urlSource, type FileMap } from '@adapters/core';
import { dataRoot, maxAbsDifference, randomize, startStaticFileServer } from '@adapters/test-utils';
import { AutoModelWithHeads } from './auto-model-with-heads';
import type { ModelWithHeads } from './model-with-heads';

const MODEL_FOLDER = path.join(dataRoot(), 'models/bert-tiny-mlm');
const SENTENCES = ['the movie was great fun .', 'a dull , lifeless film'];

let scratch: string;
const models: ModelWithHeads[] = [];
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'adapters-save-files-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
});

async function freshModel(): Promise<ModelWithHeads> {
  const model = await AutoModelWithHeads.fromPretrained(MODEL_FOLDER);
  models.push(model);
  return model;
}

/** Logits of the active setup and head on two sentences. */
function logits(model: ModelWithHeads): tf.Tensor {
  const encodings = model.tokenizer!.encodeBatch(SENTENCES.map((sentence) => [sentence] as const), { padding: 'longest' });
  return tf.tidy(() => {
    const inputs = {
      inputIds: tf.tensor2d(encodings.map((encoding) => [...encoding.inputIds]), undefined, 'int32'),
      attentionMask: tf.tensor2d(encodings.map((encoding) => [...encoding.attentionMask]), undefined, 'int32'),
    };
    return model.forward(inputs).logits!;
  });
}

/** Every file of a saved folder, by name. */
async function folderFiles(folder: string): Promise<FileMap> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, new Uint8Array(await readFile(path.join(folder, name)))] as const)));
}

function sorted(files: FileMap): Array<[string, number[]]> {
  return [...files].sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => [name, [...bytes]]);
}

/** bert-tiny-mlm with a pfeiffer adapter `sst` (noised, so it changes the output) and its classification head. */
async function modelWithAdapter(): Promise<ModelWithHeads> {
  const model = await freshModel();
  model.addAdapter('sst', 'pfeiffer');
  model.addClassificationHead('sst', { numLabels: 2, id2label: { 0: 'negative', 1: 'positive' } });
  randomize(model.adapterEntry('sst').variables(), 0.05);
  model.setActiveAdapters('sst');
  return model;
}

describe('saveAdapterFiles / saveHeadFiles / saveAdapterFusionFiles', () => {
  it('pfeiffer + classification head: the AdapterHub files, byte for byte what saveAdapter writes; reloaded from the map, identical logits', async () => {
    const model = await modelWithAdapter();
    const files = await model.saveAdapterFiles('sst');
    expect([...files.keys()].sort()).toEqual(['adapter.safetensors', 'adapter_config.json', 'head_config.json', 'model_head.safetensors']);
    await model.saveAdapter(path.join(scratch, 'sst'), 'sst');
    expect(sorted(files)).toEqual(sorted(await folderFiles(path.join(scratch, 'sst'))));

    const fresh = await freshModel();
    expect(await fresh.loadAdapter(fileMapSource(files))).toBe('sst');
    fresh.setActiveAdapters('sst');
    expect(fresh.activeHead).toBe('sst');
    const [before, after] = [logits(model), logits(fresh)];
    expect(before.shape).toEqual([2, 2]);
    expect(maxAbsDifference(before, after)).toBe(0);
    tf.dispose([before, after]);
  });

  it('withHead: false gives the adapter files only; saveHeadFiles the head files, as saveHead writes them', async () => {
    const model = await modelWithAdapter();
    expect([...(await model.saveAdapterFiles('sst', { withHead: false })).keys()].sort()).toEqual(['adapter.safetensors', 'adapter_config.json']);
    const headFiles = await model.saveHeadFiles('sst');
    await model.saveHead(path.join(scratch, 'head'), 'sst');
    expect(sorted(headFiles)).toEqual(sorted(await folderFiles(path.join(scratch, 'head'))));
    const fresh = await freshModel();
    expect(await fresh.loadHead(fileMapSource(headFiles))).toBe('sst');
    expect(fresh.getHead('sst').headConfig()).toEqual(model.getHead('sst').headConfig());
  });

  it('files served over HTTP load as well (loadAdapter with a urlSource)', async () => {
    const model = await modelWithAdapter();
    await model.saveAdapter(path.join(scratch, 'served', 'sst'), 'sst');
    const server = await startStaticFileServer(path.join(scratch, 'served'));
    try {
      const fresh = await freshModel();
      await fresh.loadAdapter(urlSource(`${server.base}sst/`));
      fresh.setActiveAdapters('sst');
      const [before, after] = [logits(model), logits(fresh)];
      expect(maxAbsDifference(before, after)).toBe(0);
      tf.dispose([before, after]);
    } finally {
      await server.close();
    }
  });

  it('a fusion: saveAdapterFusionFiles equals the saveAdapterFusion folder; adapters + fusion reload from maps with identical logits', async () => {
    const model = await freshModel();
    for (const name of ['a', 'b']) model.addAdapter(name, 'pfeiffer');
    model.addAdapterFusion(['a', 'b']);
    model.addClassificationHead('cls', { numLabels: 2 });
    randomize([...model.adapterEntry('a').variables(), ...model.adapterEntry('b').variables(), ...model.fusionEntry('a,b').variables()], 0.05);
    model.setActiveAdapters(Fuse('a', 'b'));
    const fusionFiles = await model.saveAdapterFusionFiles('a,b');
    expect([...fusionFiles.keys()].sort()).toEqual(['adapter_fusion_config.json', 'model_adapter_fusion.safetensors']);
    await model.saveAdapterFusion(path.join(scratch, 'fusion'), 'a,b');
    expect(sorted(fusionFiles)).toEqual(sorted(await folderFiles(path.join(scratch, 'fusion'))));

    const fresh = await freshModel();
    for (const name of ['a', 'b']) await fresh.loadAdapter(fileMapSource(await model.saveAdapterFiles(name)));
    expect(await fresh.loadAdapterFusion(fileMapSource(fusionFiles))).toBe('a,b');
    await fresh.loadHead(fileMapSource(await model.saveHeadFiles('cls')));
    fresh.setActiveAdapters(Fuse('a', 'b'));
    const [before, after] = [logits(model), logits(fresh)];
    expect(maxAbsDifference(before, after)).toBe(0);
    tf.dispose([before, after]);
  });

  it("LoRA in PEFT's format: the files of saveAdapter(dir, name, { format: 'peft' }), reloaded from the map", async () => {
    const model = await freshModel();
    model.addAdapter('lora', 'lora');
    model.addClassificationHead('cls', { numLabels: 2 });
    randomize(model.adapterEntry('lora').variables(), 0.05);
    const files = await model.saveAdapterFiles('lora', { format: 'peft' });
    expect([...files.keys()].sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    await model.saveAdapter(path.join(scratch, 'peft'), 'lora', { format: 'peft' });
    expect(sorted(files)).toEqual(sorted(await folderFiles(path.join(scratch, 'peft'))));
    const fresh = await freshModel();
    expect(await fresh.loadAdapter(fileMapSource(files), { loadAs: 'lora' })).toBe('lora');
    await fresh.loadHead(fileMapSource(await model.saveHeadFiles('cls')));
    model.setActiveAdapters('lora');
    fresh.setActiveAdapters('lora');
    model.activeHead = 'cls';
    fresh.activeHead = 'cls';
    const [before, after] = [logits(model), logits(fresh)];
    expect(maxAbsDifference(before, after)).toBeLessThan(1e-6);
    tf.dispose([before, after]);
  });
});

describe('loading from a source: typed errors name the file', () => {
  it('missing weights, a missing head config, another hidden size', async () => {
    const model = await modelWithAdapter();
    const files = await model.saveAdapterFiles('sst');
    const fresh = await freshModel();
    const noWeights = new Map(files);
    noWeights.delete('adapter.safetensors');
    const missing = await fresh.loadAdapter(fileMapSource(noWeights, 'download')).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(FileFormatError);
    expect((missing as Error).message).toBe('download/adapter.safetensors: not found (nor pytorch_adapter.bin)');
    expect(fresh.adapterNames()).toEqual([]);
    const noHead = await fresh.loadHead(fileMapSource(new Map(), 'download')).catch((caught: unknown) => caught);
    expect((noHead as Error).message).toBe('download/head_config.json: cannot be read (is this a head folder?)');
    const config = JSON.parse(new TextDecoder().decode(files.get('adapter_config.json'))) as Record<string, unknown>;
    const resized = new Map(files).set('adapter_config.json', new TextEncoder().encode(JSON.stringify({ ...config, hidden_size: 64 })));
    const wrongSize = await fresh.loadAdapter(fileMapSource(resized, 'download')).catch((caught: unknown) => caught);
    expect(wrongSize).toBeInstanceOf(ShapeMismatchError);
    expect((wrongSize as Error).message).toContain('download/adapter_config.json');
  });
});

describe('without Node built-ins (as in a page)', () => {
  it('fromPretrained from a file map, saveAdapterFiles and loadAdapter from the map all work; a folder save is a PlatformError', async () => {
    const modelFiles = new Map(await Promise.all((await readdir(MODEL_FOLDER)).map(async (name) => [name, new Uint8Array(await readFile(path.join(MODEL_FOLDER, name)))] as const)));
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    try {
      const model = await AutoModelWithHeads.fromPretrained(fileMapSource(modelFiles));
      models.push(model);
      model.addAdapter('sst', 'pfeiffer');
      model.addClassificationHead('sst', { numLabels: 2 });
      const files = await model.saveAdapterFiles('sst');
      const reloaded = await AutoModelWithHeads.fromPretrained(fileMapSource(modelFiles));
      models.push(reloaded);
      expect(await reloaded.loadAdapter(fileMapSource(files))).toBe('sst');
      expect(reloaded.headNames()).toEqual(['default', 'sst']);
      await expect(model.saveAdapter('out/sst', 'sst')).rejects.toMatchObject({ code: 'platform' });
    } finally {
      vi.restoreAllMocks();
    }
  });
});
