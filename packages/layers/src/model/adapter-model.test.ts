import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterType, AdaptersError, Fuse, Stack } from '@adapters/core';
import type { BertModel, EncoderInputs, EncoderOutput } from '@adapters/models';
import { maxAbsDifference, randomize, tinyBatch, tinyBert } from '@adapters/test-utils';
import { AdapterModel } from './adapter-model';

let backbone: BertModel;
let model: AdapterModel<EncoderInputs, EncoderOutput>;
let batch: ReturnType<typeof tinyBatch>;
const scratch: string[] = [];

function run(options: Parameters<typeof model.forward>[1] = {}): tf.Tensor3D {
  const output = model.forward(batch, options);
  tf.dispose([output.poolerOutput!, output.attentionMask]);
  return output.lastHiddenState;
}

async function scratchFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-layers-'));
  scratch.push(folder);
  return folder;
}

beforeEach(() => {
  backbone = tinyBert();
  model = new AdapterModel(backbone);
  batch = tinyBatch();
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  tf.dispose([batch.inputIds, batch.attentionMask, batch.tokenTypeIds]);
  await Promise.all(scratch.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const EVERY_METHOD = [
  'seq_bn',
  'double_seq_bn',
  'par_bn',
  'scaled_par_bn',
  'seq_bn_inv',
  'double_seq_bn_inv[inv_adapter=glow]',
  'prompt_tuning',
  'compacter++[reduction_factor=8]',
  'compacter[reduction_factor=8]',
  'lora',
  'ia3',
  'prefix_tuning',
  'prefix_tuning_flat',
  'mam',
  'unipelt',
  'seq_bn[ln_before=true,ln_after=true,use_gating=true,scaling=channel]',
];

describe('AdapterModel', () => {
  it.each(EVERY_METHOD)('%s: save -> load -> forward is bitwise identical, and the adapter changes the output', async (config) => {
    const plain = run();
    model.addAdapter('a', config);
    randomize(model.adapterEntry('a').variables());
    model.setActiveAdapters('a');
    const before = run();
    // prompt tuning lengthens the sequence: compare the last (real) token positions
    const tail = tf.slice(before, [0, before.shape[1] - plain.shape[1], 0], [-1, -1, -1]);
    expect(maxAbsDifference(plain, tail)).toBeGreaterThan(1e-4);
    tail.dispose();
    const folder = await scratchFolder();
    await model.saveAdapter(folder, 'a');
    model.deleteAdapter('a');
    expect(await model.loadAdapter(folder, { setActive: true })).toBe('a');
    const after = run();
    expect(maxAbsDifference(before, after)).toBe(0);
    tf.dispose([plain, before, after]);
  });

  it('trainAdapter leaves exactly the named adapter trainable, and gradients reach only it', () => {
    model.addAdapter('a', 'seq_bn_inv');
    model.addAdapter('b', 'lora');
    model.trainAdapter(['a']);
    const aVariables = new Set(model.adapterEntry('a').variables());
    const everything = [...backbone.namedParameters().map(([, variable]) => variable), ...model.adapterEntry('a').variables(), ...model.adapterEntry('b').variables()];
    for (const variable of everything) expect(variable.trainable).toBe(aVariables.has(variable));
    expect(model.activeAdapters).toEqual(Stack('a'));
    // the invertible adapter of 'a' is trained too
    expect([...aVariables].length).toBe(model.adapterEntry('a').namedParameters().length);
    expect(model.adapterEntry('a').namedParameters().some(([name]) => name.startsWith('invertible_adapters.a.'))).toBe(true);

    const before = everything.map((variable) => tf.clone(variable));
    const optimizer = tf.train.sgd(0.1);
    const cost = optimizer.minimize(() => tf.tidy(() => tf.mean(tf.square(run({ training: false })))), true, model.trainableVariables());
    cost?.dispose();
    optimizer.dispose();
    everything.forEach((variable, index) => {
      if (maxAbsDifference(variable, before[index]!) > 0) expect(aVariables.has(variable), `variable ${index} changed`).toBe(true);
    });
    const changedCount = everything.filter((variable, index) => maxAbsDifference(variable, before[index]!) > 0).length;
    expect(changedCount).toBeGreaterThan(0);
    tf.dispose(before);

    model.freezeModel(false);
    expect(backbone.namedParameters().every(([, variable]) => variable.trainable)).toBe(true);
    model.freezeModel(true);
    expect(model.trainableVariables()).toHaveLength(0);
  });

  it.each(['lora', 'ia3', 'lora[r=4,alpha=16,intermediate_lora=true,output_lora=true]'])(
    '%s: merge equals the unmerged forward, and reset restores the weights',
    (config) => {
      model.addAdapter('l', config);
      randomize(model.adapterEntry('l').variables(), 0.2);
      model.setActiveAdapters('l');
      const weightsBefore = backbone.namedParameters().map(([, variable]) => tf.clone(variable));
      const unmerged = run();
      model.mergeAdapter('l');
      const merged = run();
      expect(maxAbsDifference(unmerged, merged)).toBeLessThan(1e-5);
      model.resetAdapter();
      const reset = run();
      expect(maxAbsDifference(unmerged, reset)).toBeLessThan(1e-5);
      backbone.namedParameters().forEach(([, variable], index) => {
        expect(maxAbsDifference(variable, weightsBefore[index]!)).toBeLessThan(1e-5);
      });
      tf.dispose([unmerged, merged, reset, ...weightsBefore]);
    },
  );

  it('adding then deleting every kind of adapter leaves tensors and variable names as before', () => {
    const names = () => Object.keys(tf.engine().registeredVariables).sort();
    const tensorsBefore = tf.memory().numTensors;
    const variablesBefore = names();
    for (const [index, config] of EVERY_METHOD.entries()) model.addAdapter(`x${index}`, config);
    expect(tf.memory().numTensors).toBeGreaterThan(tensorsBefore);
    for (const index of EVERY_METHOD.keys()) model.deleteAdapter(`x${index}`);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(names()).toEqual(variablesBefore);
  });

  it('supports the seed API: adapter types, adapterList, config.get and per-call adapterNames', () => {
    model.addAdapter('sst', AdapterType.textTask, 'pfeiffer');
    model.addAdapter('en', AdapterType.textLang, 'pfeiffer+inv');
    expect(model.config.adapters.adapterList(AdapterType.textTask)).toEqual(['sst']);
    expect(model.config.adapters.adapterList(AdapterType.textLang)).toEqual(['en']);
    expect(model.config.adapters.get('sst').architecture).toBe('bottleneck');
    randomize([...model.adapterEntry('sst').variables(), ...model.adapterEntry('en').variables()]);
    model.setActiveAdapters(Stack('en', 'sst'));
    const stacked = run();
    // legacy list-of-lists: outer list = stack
    const legacyStack = run({ adapterNames: [['en'], ['sst']] });
    expect(maxAbsDifference(stacked, legacyStack)).toBe(0);
    // a flat list means a fusion in the seed API, which needs a fusion layer
    expect(model.resolveSetup(['en', 'sst'])).toEqual(Stack(Fuse('en', 'sst')));
    const onlyTask = run({ adapterNames: 'sst' });
    expect(maxAbsDifference(stacked, onlyTask)).toBeGreaterThan(1e-4);
    tf.dispose([stacked, legacyStack, onlyTask]);
  });

  it('prints an adapter summary table', () => {
    model.addAdapter('a', 'seq_bn');
    model.addAdapter('b', 'lora');
    model.trainAdapter('a');
    const rows = model.adapterSummaryRows();
    expect(rows.map((row) => [row.name, row.architecture, row.active, row.trainable])).toEqual([
      ['a', 'bottleneck', true, true],
      ['b', 'lora', false, false],
      ['Full model', '', false, false],
    ]);
    const table = model.adapterSummary();
    expect(table).toMatch(/Name\s+\| Architecture \|/);
    expect(table).toContain('Full model');
  });

  it('prompt tuning prepends its prompt and extends the mask', () => {
    model.addAdapter('p', 'prompt_tuning[prompt_length=3]');
    model.setActiveAdapters('p');
    const output = model.forward(batch);
    expect(output.lastHiddenState.shape).toEqual([2, 9, 32]);
    expect(output.attentionMask.arraySync()).toEqual([
      [1, 1, 1, 1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1, 1, 0, 0],
    ]);
    tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask]);
  });

  it('GLOW and NICE couplings invert exactly', () => {
    model.addAdapter('glow', 'seq_bn_inv[inv_adapter=glow]');
    model.addAdapter('nice', 'seq_bn_inv');
    randomize([...model.adapterEntry('glow').variables(), ...model.adapterEntry('nice').variables()], 0.3);
    const x = tf.randomNormal([2, 5, 32]);
    for (const name of ['glow', 'nice']) {
      const coupling = model.adapterEntry(name).invertible!;
      const y = coupling.apply(x);
      const back = coupling.inverse(y);
      expect(maxAbsDifference(y, x)).toBeGreaterThan(1e-3);
      expect(maxAbsDifference(back, x)).toBeLessThan(1e-5);
      tf.dispose([y, back]);
    }
    x.dispose();
  });

  it('a config that cannot be built leaves nothing behind', () => {
    const before = tf.memory().numTensors;
    expect(() => model.addAdapter('bad', 'compacter++')).toThrow(/phm_dim/);
    expect(tf.memory().numTensors).toBe(before);
    expect(model.hasAdapter('bad')).toBe(false);
  });

  it('rejects bad names, unknown adapters in setups and loads into the wrong hidden size, leaving nothing behind', async () => {
    expect(() => model.addAdapter('a.b')).toThrow(/without dots or commas/);
    model.addAdapter('a');
    expect(() => model.addAdapter('a')).toThrow(/overwriteOk/);
    expect(() => model.setActiveAdapters(Stack('a', 'missing'))).toThrow(AdaptersError);
    const folder = await scratchFolder();
    await model.saveAdapter(folder, 'a');
    const other = tinyBert({ hidden_size: 16, intermediate_size: 32, num_attention_heads: 2 });
    const otherModel = new AdapterModel(other);
    const tensorsBefore = tf.memory().numTensors;
    const error = await otherModel.loadAdapter(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('shape-mismatch');
    expect((error as Error).message).toContain('hidden_size');
    expect(otherModel.adapterNames()).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    otherModel.dispose();
    other.dispose();
    const missing = await model.loadAdapter(path.join(folder, 'nope')).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(missing) && missing.code).toBe('file-format');
  });

  it('writes adapter_config.json in the AdapterHub layout', async () => {
    model.addAdapter('sst', 'seq_bn');
    const folder = await scratchFolder();
    await model.saveAdapter(folder, 'sst', { withConfigId: true });
    const text = await readFile(path.join(folder, 'adapter_config.json'), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['config', 'config_id', 'hidden_size', 'model_class', 'model_name', 'model_type', 'name', 'version']);
    expect(json.config_id).toBe('9076f36a74755ac4');
    expect(json.model_class).toBe('BertAdapterModel');
    expect(text).toContain('  "hidden_size": 32,\n');
    expect(text).toContain('"scaling": 1.0');
    expect(text.endsWith('}')).toBe(true);
  });
});
