import { mkdtemp, readFile, rm, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, readSafetensorsHeader } from '@adapters/core';
import { loadEncoder } from '@adapters/models';
import { asWrittenByAdapters120, fixturesRoot } from '@adapters/test-utils';
import { capturePrint } from '../testing/tiny-model-folder';
import { runCli } from './run-cli';
import { runConvert } from './convert-command';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'adapters-convert-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function sameTensors(left: string, right: string): Promise<void> {
  const [a, b] = await Promise.all([readSafetensors(left), readSafetensors(right)]);
  expect([...a.tensors.keys()].sort()).toEqual([...b.tensors.keys()].sort());
  for (const [key, tensor] of b.tensors) {
    expect(a.tensors.get(key)?.shape, key).toEqual(tensor.shape);
    expect(Buffer.from(a.tensors.get(key)!.values.buffer).equals(Buffer.from(tensor.values.buffer)), key).toBe(true);
  }
}

describe('adapters convert', () => {
  it('turns a torch.save adapter folder into the safetensors one it was made from, copying the JSON', async () => {
    const output = path.join(scratch, 'seq_bn');
    const capture = capturePrint();
    await runConvert([path.join(fixturesRoot(), 'seq_bn_bin/adapters/a'), '--output_dir', output], { print: capture.print });
    expect(capture.lines).toContain(`wrote ${path.join(output, 'adapter.safetensors')}`);
    await sameTensors(path.join(output, 'adapter.safetensors'), path.join(fixturesRoot(), 'seq_bn/adapters/a/adapter.safetensors'));
    expect(await readFile(path.join(output, 'adapter_config.json'), 'utf8')).toBe(await readFile(path.join(fixturesRoot(), 'seq_bn_bin/adapters/a/adapter_config.json'), 'utf8'));
  });

  it.each([
    ['head_classification_bin/heads/a', 'model_head.safetensors', 'head_classification/heads/a'],
    ['fusion_dynamic_bin/fusions/a,b,c', 'model_adapter_fusion.safetensors', 'fusion_dynamic/fusions/a,b,c'],
  ])('converts the head and fusion pickles too (%s)', async (folder, file, twin) => {
    const output = path.join(scratch, path.basename(folder));
    await runConvert([path.join(fixturesRoot(), folder), '--output_dir', output]);
    await sameTensors(path.join(output, file), path.join(fixturesRoot(), twin, file));
  });

  it('turns pytorch_model.bin into a model.safetensors transformers accepts ({"format": "pt"})', async () => {
    const output = path.join(scratch, 'model');
    await runConvert([path.join(fixturesRoot(), '_backbones/bert-tiny-a-bin'), '--output_dir', output]);
    expect((await readSafetensorsHeader(path.join(output, 'model.safetensors'))).metadata).toEqual({ format: 'pt' });
    await sameTensors(path.join(output, 'model.safetensors'), path.join(fixturesRoot(), '_backbones/bert-tiny-a/model.safetensors'));
    const { model } = await loadEncoder(output);
    model.dispose();
  });

  it('converts a LoRA to PEFT and back to the same AdapterHub files', async () => {
    const source = path.join(fixturesRoot(), 'lora/adapters/a');
    const peft = path.join(scratch, 'lora-peft');
    const back = path.join(scratch, 'lora-back');
    await runConvert([source, '--to', 'peft', '--output_dir', peft]);
    const json = JSON.parse(await readFile(path.join(peft, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ peft_type: 'LORA', r: 8, lora_alpha: 16, target_modules: ['query', 'value'], base_model_name_or_path: 'bert-tiny-a' });
    await runConvert([peft, '--to', 'adapterhub', '--name', 'a', '--output_dir', back]);
    expect(await readFile(path.join(back, 'adapter_config.json'), 'utf8')).toBe(asWrittenByAdapters120(await readFile(path.join(source, 'adapter_config.json'), 'utf8')));
    await sameTensors(path.join(back, 'adapter.safetensors'), path.join(source, 'adapter.safetensors'));
  });

  it('refuses an unsafe pickle with a typed error (exit code 1), writing nothing from it', async () => {
    const folder = path.join(scratch, 'malicious');
    await mkdir(folder, { recursive: true });
    await copyFile(path.join(fixturesRoot(), '_malicious/a_os_system_reduce.bin'), path.join(folder, 'pytorch_adapter.bin'));
    const errors: string[] = [];
    const code = await runCli(['convert', folder, '--output_dir', path.join(scratch, 'malicious-out')], { print: () => {}, printError: (line) => errors.push(line) });
    expect(code).toBe(1);
    expect(errors.join('\n')).toContain("global 'os.system' is not allowed");
  });
});
