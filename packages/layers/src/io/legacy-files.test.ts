// Old files: v1 key names, unversioned `gelu`, the LoRA alpha rule, loadAs / leaveOut, and missing locations.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdaptersError, readSafetensors, writeSafetensors, type BottleneckConfig, type LoRAConfig } from '@adapters/core';
import type { BertModel, EncoderInputs, EncoderOutput } from '@adapters/models';
import { randomize, tinyBert } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

let backbone: BertModel;
let model: AdapterModel<EncoderInputs, EncoderOutput>;
let folder: string;

beforeEach(async () => {
  backbone = tinyBert();
  model = new AdapterModel(backbone);
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-legacy-'));
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  await rm(folder, { recursive: true, force: true });
});

async function editJson(edit: (json: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(folder, 'adapter_config.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

async function editWeights(rename: (key: string) => string | undefined): Promise<void> {
  const file = path.join(folder, 'adapter.safetensors');
  const { tensors } = await readSafetensors(file);
  const renamed = new Map([...tensors].flatMap(([key, value]) => {
    const next = rename(key);
    return next === undefined ? [] : [[next, value] as const];
  }));
  await writeSafetensors(file, renamed);
}

describe('loading old and unusual adapter files', () => {
  it('reads v1 container names and maps unversioned gelu to the tanh GELU', async () => {
    model.addAdapter('sst', 'seq_bn[non_linearity=gelu]');
    randomize(model.adapterEntry('sst').variables());
    await model.saveAdapter(folder, 'sst');
    model.deleteAdapter('sst');
    await editWeights((key) => key.replace('.output.adapters.sst.', '.output.layer_text_task_adapters.sst.'));
    await editJson((json) => {
      delete json.version;
      json.type = 'text_task';
    });
    const { tensors } = await readSafetensors(path.join(folder, 'adapter.safetensors'));
    expect([...tensors.keys()].every((key) => key.includes('layer_text_task_adapters'))).toBe(true);
    await model.loadAdapter(folder);
    expect((model.config.adapters.get('sst') as BottleneckConfig).nonLinearity).toBe('gelu_new');
    expect(model.adapterEntry('sst').parameterCount()).toBeGreaterThan(0);
  });

  it('applies alpha := r to LoRA files written by adapters < 1.1.0', async () => {
    model.addAdapter('l', 'lora[r=4,alpha=16]');
    await model.saveAdapter(folder, 'l');
    model.deleteAdapter('l');
    await editJson((json) => {
      json.version = 'adapters.1.0.1';
    });
    await model.loadAdapter(folder);
    expect((model.config.adapters.get('l') as LoRAConfig).alpha).toBe(4);
    model.deleteAdapter('l');
    await editJson((json) => {
      json.version = 'adapters.1.1.0';
    });
    await model.loadAdapter(folder);
    expect((model.config.adapters.get('l') as LoRAConfig).alpha).toBe(16);
  });

  it('loads under another name and leaves layers out', async () => {
    model.addAdapter('a', 'double_seq_bn');
    await model.saveAdapter(folder, 'a');
    const name = await model.loadAdapter(folder, { loadAs: 'b', leaveOut: [1] });
    expect(name).toBe('b');
    const keys = model.adapterEntry('b').namedParameters().map(([key]) => key);
    expect(keys.every((key) => key.includes('.adapters.b.') && !key.startsWith('encoder.layer.1.'))).toBe(true);
    expect(keys).toHaveLength(8);
    expect((model.config.adapters.get('b') as BottleneckConfig).leaveOut).toEqual([1]);
  });

  it('rejects a file with a location the model lacks, naming the keys, and adds nothing', async () => {
    model.addAdapter('a', 'seq_bn');
    await model.saveAdapter(folder, 'a');
    model.deleteAdapter('a');
    await editWeights((key) => key);
    const file = path.join(folder, 'adapter.safetensors');
    const { tensors } = await readSafetensors(file);
    const extra = tensors.get('bert.encoder.layer.1.output.adapters.a.adapter_up.bias')!;
    tensors.set('bert.encoder.layer.5.output.adapters.a.adapter_up.bias', extra);
    await writeSafetensors(file, tensors);
    const before = tf.memory().numTensors;
    const error = await model.loadAdapter(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('state-dict');
    expect((error as Error).message).toContain('unexpected keys: bert.encoder.layer.5.output.adapters.a.adapter_up.bias');
    expect(model.adapterNames()).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads pytorch_adapter.bin when there is no safetensors, through the safe pickle reader', async () => {
    model.addAdapter('a', 'seq_bn');
    await model.saveAdapter(folder, 'a');
    await rm(path.join(folder, 'adapter.safetensors'));
    await writeFile(path.join(folder, 'pytorch_adapter.bin'), 'not really a pickle');
    const error = await model.loadAdapter(folder, { loadAs: 'c' }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('torch-checkpoint');
    expect((error as Error).message).toMatch(/pytorch_adapter\.bin: not a PyTorch checkpoint/);
    expect(model.adapterNames()).toEqual(['a']);
  });

  it('prefers adapter.safetensors when pytorch_adapter.bin is there too (the .bin is never parsed)', async () => {
    model.addAdapter('a', 'seq_bn');
    await model.saveAdapter(folder, 'a');
    await writeFile(path.join(folder, 'pytorch_adapter.bin'), 'not really a pickle');
    await expect(model.loadAdapter(folder, { loadAs: 'c' })).resolves.toBe('c');
  });

  it('says that a Compacter file without the shared phm_rule comes from adapters 1.0.x', async () => {
    model.addAdapter('a', 'compacter[reduction_factor=8,phm_dim=2]');
    await model.saveAdapter(folder, 'a');
    await editWeights((key) => (key.endsWith('shared_parameters.a.phm_rule') ? undefined : key));
    await editJson((json) => {
      json.version = 'adapters.1.0.1';
    });
    const error = await model.loadAdapter(folder, { loadAs: 'c' }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('file-format');
    expect((error as Error).message).toContain("field 'bert.shared_parameters.a.phm_rule'");
    expect((error as Error).message).toContain('adapters 1.0.x saved Compacter adapters without it');
    expect(model.adapterNames()).toEqual(['a']);
  });
});
