import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdaptersError, Fuse, Stack } from '@adapters/core';
import type { BertModel, EncoderInputs, EncoderOutput } from '@adapters/models';
import { maxAbsDifference, randomize, tinyBatch, tinyBert } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

let backbone: BertModel;
let model: AdapterModel<EncoderInputs, EncoderOutput>;
let batch: ReturnType<typeof tinyBatch>;
let folder: string;

function run(): tf.Tensor3D {
  const output = model.forward(batch);
  tf.dispose([output.poolerOutput!, output.attentionMask]);
  return output.lastHiddenState;
}

beforeEach(async () => {
  backbone = tinyBert();
  model = new AdapterModel(backbone);
  batch = tinyBatch();
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-fusion-'));
  for (const name of ['a', 'b', 'c']) model.addAdapter(name, 'seq_bn');
  randomize(['a', 'b', 'c'].flatMap((name) => model.adapterEntry(name).variables()));
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  tf.dispose([batch.inputIds, batch.attentionMask, batch.tokenTypeIds]);
  await rm(folder, { recursive: true, force: true });
});

describe('AdapterFusion', () => {
  it('has the parameter names and counts of the library, per preset', () => {
    expect(model.addAdapterFusion(Fuse('a', 'b', 'c'))).toBe('a,b,c');
    const names = model.fusionEntry('a,b,c').namedParameters().map(([name]) => name);
    expect(names).toContain('encoder.layer.0.output.adapter_fusion_layer.a,b,c.value.weight');
    expect(names).not.toContain('encoder.layer.0.output.adapter_fusion_layer.a,b,c.value.bias');
    // dynamic: Q, K with bias + V without, per location (2 layers, FFN location only for seq_bn)
    expect(model.fusionEntry('a,b,c').parameterCount()).toBe(2 * (2 * (32 * 32 + 32) + 32 * 32));
    model.addFusion(['a', 'b'], 'static');
    expect(model.fusionEntry('a,b').parameterCount()).toBe(2 * 2 * (32 * 32 + 32));
  });

  it('save -> load -> forward is bitwise identical, and the files are AdapterHub-shaped', async () => {
    model.addAdapterFusion(Fuse('a', 'b', 'c'), 'dynamic', { setActive: true });
    randomize(model.fusionEntry('a,b,c').variables(), 0.05);
    const before = run();
    await model.saveAllAdapterFusions(folder);
    const json = JSON.parse(await readFile(path.join(folder, 'a,b,c', 'adapter_fusion_config.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['adapter_names', 'config', 'hidden_size', 'model_class', 'model_name', 'model_type', 'name', 'version']);
    expect(json.adapter_names).toEqual(['a', 'b', 'c']);
    model.deleteAdapterFusion('a,b,c');
    expect(model.activeAdapters).toBeNull();
    await model.loadAdapterFusion(path.join(folder, 'a,b,c'), { setActive: true });
    const after = run();
    expect(maxAbsDifference(before, after)).toBe(0);
    tf.dispose([before, after]);
  });

  it('trainAdapterFusion trains only the fusion layers (adapters too when asked); the regularisation term is differentiable', () => {
    model.addAdapterFusion(['a', 'b', 'c']);
    model.trainAdapterFusion(Fuse('a', 'b', 'c'));
    const fusionVariables = new Set(model.fusionEntry('a,b,c').variables());
    expect(model.trainableVariables().every((variable) => fusionVariables.has(variable))).toBe(true);
    expect(model.trainableVariables()).toHaveLength(fusionVariables.size);
    expect(model.activeAdapters).toEqual(Stack(Fuse('a', 'b', 'c')));
    const { value, grads } = tf.variableGrads(() => model.fusionRegularizationLoss(), model.trainableVariables());
    // value_initialized: V = I with 1e-6 off the diagonal, so the penalty starts tiny
    expect(value.dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([value, ...Object.values(grads)]);
    model.trainFusion(['a', 'b', 'c'], { unfreezeAdapters: true });
    expect(model.trainableVariables()).toHaveLength(fusionVariables.size + ['a', 'b', 'c'].flatMap((name) => model.adapterEntry(name).variables()).length);
  });

  it('Fuse nested in a Stack runs, and errors name the fusion or the adapter', () => {
    model.addAdapterFusion(Fuse('b', 'c'));
    model.setActiveAdapters(Stack('a', Fuse('b', 'c')));
    const stacked = run();
    expect(stacked.shape).toEqual([2, 6, 32]);
    stacked.dispose();
    model.setActiveAdapters(Stack(Fuse('a', 'c')));
    expect(() => run()).toThrow(/No fusion layer named 'a,c'/);
    const error = (() => {
      try {
        model.addAdapterFusion(Fuse('a', 'missing'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(AdaptersError.isInstance(error) && error.code).toBe('no-such-entry');
    model.deleteAdapter('c');
    expect(model.fusionNames()).toEqual([]);
  });
});
