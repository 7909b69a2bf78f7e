// `model_name` in saved files is what the library writes: the model config's `name_or_path`, i.e. the string
// given to `from_pretrained`, and '' for a model built from a config.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEncoder } from '@adapters/models';
import { fixturesRoot, tinyBert } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-model-name-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function savedModelName(backbone: ConstructorParameters<typeof AdapterModel>[0]): Promise<unknown> {
  const model = new AdapterModel(backbone);
  try {
    model.addAdapter('a', 'seq_bn');
    await model.saveAdapter(folder, 'a');
    return (JSON.parse(await readFile(path.join(folder, 'adapter_config.json'), 'utf8')) as { model_name: unknown }).model_name;
  } finally {
    model.dispose();
  }
}

describe('model_name', () => {
  it("is '' for a backbone built from a config, as PretrainedConfig's default name_or_path", async () => {
    const backbone = tinyBert();
    backbone.modelName = undefined; // as a BertModel built from a config without _name_or_path
    try {
      expect(await savedModelName(backbone)).toBe('');
    } finally {
      backbone.dispose();
    }
  });

  it('is the name given when loading (the hub id or path passed to from_pretrained)', async () => {
    const { model: backbone } = await loadEncoder(path.join(fixturesRoot(), '_backbones/bert-tiny-a'), { modelName: 'prajjwal1/bert-tiny' });
    try {
      expect(await savedModelName(backbone)).toBe('prajjwal1/bert-tiny');
    } finally {
      backbone.dispose();
    }
  });
});
