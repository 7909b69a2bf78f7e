// `adapters` saves prefix tuning (and MAM) with each layer's reference to the prefix pool under its own key,
// besides `prefix_tuning.prefix_tunings.*`: the copies are checked against the pool and dropped.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFormatError, readSafetensors, writeSafetensors, type TensorData } from '@adapters/core';
import type { BertModel, EncoderInputs, EncoderOutput } from '@adapters/models';
import { tinyBert } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

let backbone: BertModel;
let model: AdapterModel<EncoderInputs, EncoderOutput>;
let folder: string;

beforeEach(async () => {
  backbone = tinyBert();
  model = new AdapterModel(backbone);
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-prefix-pool-'));
  model.addAdapter('a', 'prefix_tuning');
  await model.saveAdapter(folder, 'a');
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  await rm(folder, { recursive: true, force: true });
});

/** Adds the library's per-layer copies (`bert.encoder.layer.N.attention.self.prefix_tuning.pool.*`) to the saved file. */
async function addPoolCopies(change?: (key: string, value: TensorData) => TensorData): Promise<string[]> {
  const file = path.join(folder, 'adapter.safetensors');
  const { tensors } = await readSafetensors(file);
  const copies: string[] = [];
  for (const [key, value] of [...tensors]) {
    if (!key.startsWith('bert.prefix_tuning.prefix_tunings.a.')) continue;
    for (let layer = 0; layer < backbone.numLayers; layer += 1) {
      const copyKey = key.replace('bert.prefix_tuning.', `bert.encoder.layer.${layer}.attention.self.prefix_tuning.pool.`);
      tensors.set(copyKey, change === undefined ? value : change(copyKey, value));
      copies.push(copyKey);
    }
  }
  await writeSafetensors(file, tensors);
  return copies;
}

describe('per-layer copies of the prefix pool', () => {
  it('loads when every copy equals the pooled tensor', async () => {
    const copies = await addPoolCopies();
    expect(copies.length).toBeGreaterThan(0);
    await expect(model.loadAdapter(folder, { loadAs: 'b' })).resolves.toBe('b');
    const [original, loaded] = [model.adapterEntry('a').stateDict(), model.adapterEntry('b').stateDict()];
    for (const [key, variable] of original) {
      const twin = loaded.get(key.replace('.a.', '.b.'));
      expect(twin, key).toBeDefined();
      expect([...(twin!.dataSync() as Float32Array)]).toEqual([...(variable.dataSync() as Float32Array)]);
    }
  });

  it('refuses a copy that differs, naming its key', async () => {
    const target = 'bert.encoder.layer.1.attention.self.prefix_tuning.pool.prefix_tunings.a.self_prefix.control_trans.0.bias';
    await addPoolCopies((key, value) => (key === target ? { ...value, values: (value.values as Float32Array).map((element) => element + 1) } : value));
    const error = await model.loadAdapter(folder, { loadAs: 'b' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toContain(`field '${target}'`);
    expect((error as Error).message).toContain('differs from the pooled tensor bert.prefix_tuning.prefix_tunings.a.self_prefix.control_trans.0.bias');
    expect(model.adapterNames()).toEqual(['a']);
  });
});
