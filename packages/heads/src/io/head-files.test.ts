// Files written by the reference implementation load, and what we write back is byte-identical to them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FileFormatError, ShapeMismatchError, TorchCheckpointError, readSafetensors, readWeightsFile, readSafetensorsHeader, writeSafetensors } from '@adapters/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassificationHead } from '../heads/classification-head';
import { createHead } from '../registry/create-head';
import { contextFromBertConfig, fixtureHeadFolders, fixturesRoot, matrixData, readBackboneConfig, smallContext, vectorData } from '../testing/head-test-helpers';
import { asWrittenByAdapters120 } from '@adapters/test-utils';
import { HEAD_CONFIG_FILE, HEAD_WEIGHTS_FILE, readHeadFolder, saveHead } from './head-files';
import { loadHead } from './load-head';
import { loadHeadWeights } from './load-head-weights';

let scratch = '';
let embeddingValues: { values: Float32Array; shape: readonly number[] } | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'adapters-heads-'));
  const backbone = await readSafetensors(path.join(fixturesRoot(), '_backbones/bert-tiny-a/model.safetensors'), {
    filter: (name) => name === 'embeddings.word_embeddings.weight',
  });
  const embeddings = backbone.tensors.get('embeddings.word_embeddings.weight');
  embeddingValues = embeddings === undefined ? undefined : { values: embeddings.values as Float32Array, shape: embeddings.shape };
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The fixture backbone's word embeddings as a variable, for the tied LM decoders. */
function wordEmbeddings(): tf.Variable {
  if (embeddingValues === undefined) throw new Error('the fixture backbone has no word embeddings');
  const { values, shape } = embeddingValues;
  return tf.tidy(() => tf.variable(tf.tensor(values, [...shape])));
}

async function bytesEqual(left: string, right: string): Promise<boolean> {
  const [a, b] = await Promise.all([readFile(left), readFile(right)]);
  return Buffer.compare(a, b) === 0;
}

describe('head folders', () => {
  const folders = fixtureHeadFolders();

  it('finds the fixture heads', () => {
    expect(folders.length).toBeGreaterThanOrEqual(16);
  });

  it.each(folders)('%s: loads, and saves back byte-identical files', async (label, folder) => {
    const embeddings = wordEmbeddings();
    const context = contextFromBertConfig(readBackboneConfig(), { wordEmbeddings: embeddings });
    const saved = await readHeadFolder(folder);
    const head = createHead(saved.name, saved.config, context);
    const output = path.join(scratch, label.replace('/', '_'));
    try {
      loadHeadWeights(head, saved.tensors, { source: saved.weightsFile, config: saved.config });
      await saveHead(head, output, saved.meta);
      // The fixtures predate the exact field set of adapters 1.2.0 (default label2id), which is what we write.
      expect(await readFile(path.join(output, HEAD_CONFIG_FILE), 'utf8')).toBe(asWrittenByAdapters120(await readFile(path.join(folder, HEAD_CONFIG_FILE), 'utf8')));
      if (saved.weightsFile.endsWith('.bin')) {
        // A torch.save folder (`*_bin` cases): the same tensors, bit for bit, now written as safetensors.
        const [ours, theirs] = await Promise.all([readWeightsFile(path.join(output, HEAD_WEIGHTS_FILE)), readWeightsFile(saved.weightsFile)]);
        expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
        for (const [name, tensor] of theirs) expect(Buffer.from(ours.get(name)!.values.slice().buffer).equals(Buffer.from(tensor.values.slice().buffer)), name).toBe(true);
        return;
      }
      const [ours, theirs] = await Promise.all([
        readSafetensorsHeader(path.join(output, HEAD_WEIGHTS_FILE)),
        readSafetensorsHeader(path.join(folder, HEAD_WEIGHTS_FILE)),
      ]);
      expect(ours.entries.map((entry) => [entry.name, entry.shape])).toEqual(theirs.entries.map((entry) => [entry.name, entry.shape]));
      expect(await bytesEqual(path.join(output, HEAD_WEIGHTS_FILE), path.join(folder, HEAD_WEIGHTS_FILE))).toBe(true);
    } finally {
      head.dispose();
      embeddings.dispose();
    }
  });

  it('loads a head under another name (load_as), with its weights renamed', async () => {
    const folder = path.join(fixturesRoot(), 'head_classification/heads/a');
    const { head, folder: saved } = await loadHead(folder, contextFromBertConfig(readBackboneConfig()), { loadAs: 'sentiment' });
    const output = path.join(scratch, 'renamed');
    try {
      expect(head.name).toBe('sentiment');
      expect(saved.name).toBe('a');
      await saveHead(head, output, saved.meta);
      const json = JSON.parse(await readFile(path.join(output, HEAD_CONFIG_FILE), 'utf8')) as { name: string };
      expect(json.name).toBe('sentiment');
      const written = await readSafetensors(path.join(output, HEAD_WEIGHTS_FILE));
      expect([...written.tensors.keys()]).toEqual(['heads.sentiment.1.bias', 'heads.sentiment.1.weight', 'heads.sentiment.4.bias', 'heads.sentiment.4.weight']);
      const original = await readSafetensors(path.join(folder, HEAD_WEIGHTS_FILE));
      expect(written.tensors.get('heads.sentiment.4.weight')?.values).toEqual(original.tensors.get('heads.a.4.weight')?.values);
    } finally {
      head.dispose();
    }
  });

  it('refuses a folder saved for another hidden size', async () => {
    const folder = path.join(fixturesRoot(), 'head_classification/heads/a');
    await expect(loadHead(folder, smallContext())).rejects.toThrow(ShapeMismatchError);
  });

  it('writes what saveHead is given, sorted and without a trailing newline', async () => {
    const head = new ClassificationHead('sst', { numLabels: 3, dropoutProb: 0.1, id2label: ['neg', 'neu', 'pos'] }, smallContext());
    const output = path.join(scratch, 'sst');
    await saveHead(head, output, { modelName: 'bert-base-uncased' });
    head.dispose();
    const text = await readFile(path.join(output, HEAD_CONFIG_FILE), 'utf8');
    expect(text).toBe(
      [
        '{',
        '  "config": {',
        '    "activation_function": "tanh",',
        '    "bias": true,',
        '    "dropout_prob": 0.1,',
        '    "head_type": "classification",',
        '    "label2id": {',
        '      "neg": 0,',
        '      "neu": 1,',
        '      "pos": 2',
        '    },',
        '    "layers": 2,',
        '    "num_labels": 3,',
        '    "use_pooler": false',
        '  },',
        '  "hidden_size": 6,',
        '  "model_class": "BertAdapterModel",',
        '  "model_name": "bert-base-uncased",',
        '  "model_type": "bert",',
        '  "name": "sst",',
        '  "version": "adapters.1.2.0"',
        '}',
      ].join('\n'),
    );
    const header = await readSafetensorsHeader(path.join(output, HEAD_WEIGHTS_FILE));
    expect(header.metadata).toBeUndefined();
  });
});

describe('readHeadFolder errors', () => {
  async function folderWith(name: string, config: unknown, tensors?: Record<string, ReturnType<typeof vectorData>>): Promise<string> {
    const folder = path.join(scratch, name);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, HEAD_CONFIG_FILE), typeof config === 'string' ? config : JSON.stringify(config));
    if (tensors !== undefined) await writeSafetensors(path.join(folder, HEAD_WEIGHTS_FILE), tensors);
    return folder;
  }

  const meta = { hidden_size: 6, model_class: 'BertAdapterModel', model_name: null, model_type: 'bert', version: 'adapters.1.2.0' };

  it('names the missing config file', async () => {
    await expect(readHeadFolder(path.join(scratch, 'nothing-here'))).rejects.toThrow(FileFormatError);
    await expect(readHeadFolder(path.join(scratch, 'nothing-here'))).rejects.toThrow(/head_config\.json: cannot be read/);
  });

  it('names bad JSON and missing fields', async () => {
    await expect(readHeadFolder(await folderWith('bad-json', '{"config": '))).rejects.toThrow(FileFormatError);
    await expect(readHeadFolder(await folderWith('no-size', { config: { head_type: 'tagging' }, name: 'x', model_class: 'BertAdapterModel', model_type: 'bert' }))).rejects.toThrow(
      /field 'hidden_size'\): expected an integer/,
    );
    await expect(readHeadFolder(await folderWith('no-type', { ...meta, config: { num_labels: 2 }, name: 'x' }))).rejects.toThrow(/field 'config.head_type'/);
  });

  it('says when the weights are missing, and reads a PyTorch pickle only through the safe reader', async () => {
    const folder = await folderWith('no-weights', { ...meta, config: { head_type: 'tagging' }, name: 'x' });
    await expect(readHeadFolder(folder)).rejects.toThrow(/model_head\.safetensors: not found \(nor pytorch_model_head\.bin\)/);
    await writeFile(path.join(folder, 'pytorch_model_head.bin'), 'pickle');
    await expect(readHeadFolder(folder)).rejects.toThrow(TorchCheckpointError);
  });

  it('prefers model_head.safetensors when pytorch_model_head.bin is there too (the .bin is never parsed)', async () => {
    const folder = await folderWith('both', { ...meta, config: { head_type: 'tagging', num_labels: 2 }, name: 'x' }, { 'heads.x.1.bias': vectorData([1, 2]) });
    await writeFile(path.join(folder, 'pytorch_model_head.bin'), 'pickle');
    expect((await readHeadFolder(folder)).weightsFile).toBe(path.join(folder, 'model_head.safetensors'));
  });

  it('refuses tensors of another head', async () => {
    const folder = await folderWith('stray', { ...meta, config: { head_type: 'tagging' }, name: 'x' }, { 'heads.y.1.bias': vectorData([1, 2]) });
    await expect(readHeadFolder(folder)).rejects.toThrow(/outside 'heads\.x\.\*'.*heads\.y\.1\.bias/);
  });

  it('converts a static HF head (config null) and refuses classes it cannot convert', async () => {
    const weight = [
      [1, 2, 3, 4, 5, 6],
      [0, 0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0, 0],
    ];
    const folder = await folderWith(
      'static',
      { ...meta, config: null, name: null, model_class: 'BertForSequenceClassification', num_labels: 3, label2id: { a: 0, b: 1, c: 2 } },
      { 'classifier.weight': matrixData(weight), 'classifier.bias': vectorData([0.5, 0, -0.5]), 'bert.pooler.dense.bias': vectorData([0, 0, 0, 0, 0, 0]) },
    );
    const converted = await readHeadFolder(folder);
    expect(converted.convertedFromStatic).toBe(true);
    expect(converted.name).toBe('static');
    expect(converted.config).toMatchObject({ head_type: 'classification', layers: 1, activation_function: null, use_pooler: true, num_labels: 3, label2id: { a: 0, b: 1, c: 2 } });
    expect([...converted.tensors.keys()].sort()).toEqual(['1.bias', '1.weight']);
    const unknown = await folderWith('static-gpt', { ...meta, config: null, model_class: 'GPT2LMHeadModel' }, { 'lm_head.weight': vectorData([1]) });
    await expect(readHeadFolder(unknown)).rejects.toThrow(/static head of 'GPT2LMHeadModel'/);
  });
});
