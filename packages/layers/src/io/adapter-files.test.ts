// Files written by the reference implementation load, and what we write back is byte-identical to them.
import { readdirSync, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader, readWeightsFile, type TensorData } from '@adapters/core';
import { loadEncoder } from '@adapters/models';
import { asWrittenByAdapters120, fixturesRoot, pendingCases } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

/** Every fixture adapter folder (`<case>/adapters/<name>`), discovered from the folder; pending cases left out. */
function fixtureAdapters(): Array<[string, string, string]> {
  const root = fixturesRoot();
  const pending = pendingCases();
  const found: Array<[string, string, string]> = [];
  for (const caseName of readdirSync(root).sort()) {
    if (pending.has(caseName)) continue;
    const adapters = path.join(root, caseName, 'adapters');
    if (!existsSync(adapters)) continue;
    for (const name of readdirSync(adapters).sort()) found.push([`${caseName}/${name}`, path.join(adapters, name), path.join(root, caseName)]);
  }
  return found;
}

function expectSameTensors(ours: ReadonlyMap<string, TensorData>, theirs: ReadonlyMap<string, TensorData>): void {
  expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
  for (const [name, tensor] of theirs) {
    expect(ours.get(name)?.shape, name).toEqual(tensor.shape);
    expect(Buffer.compare(Buffer.from(ours.get(name)!.values.slice().buffer), Buffer.from(tensor.values.slice().buffer)), name).toBe(0);
  }
}

describe('AdapterHub file compatibility', () => {
  const adapters = fixtureAdapters();

  it('finds fixture adapters', () => {
    expect(adapters.length).toBeGreaterThan(0);
  });

  it.each(adapters)('%s: loads, and saves back byte-identical files', async (_label, folder) => {
    const { model: backbone } = await loadEncoder(path.join(fixturesRoot(), '_backbones/bert-tiny-a'));
    const model = new AdapterModel(backbone);
    const output = await mkdtemp(path.join(os.tmpdir(), 'adapters-roundtrip-'));
    try {
      const name = await model.loadAdapter(folder);
      if (existsSync(path.join(folder, 'adapter_model.safetensors'))) {
        // An HF PEFT folder: written back as PEFT, with the same tensors.
        await model.saveAdapter(output, name, { format: 'peft' });
        expectSameTensors(await readWeightsFile(path.join(output, 'adapter_model.safetensors')), await readWeightsFile(path.join(folder, 'adapter_model.safetensors')));
        return;
      }
      await model.saveAdapter(output, name);
      const [ourJson, theirJson] = await Promise.all([
        readFile(path.join(output, 'adapter_config.json'), 'utf8'),
        readFile(path.join(folder, 'adapter_config.json'), 'utf8'),
      ]);
      // The fixtures predate the exact field set of adapters 1.2.0, which is what we write.
      expect(ourJson).toBe(asWrittenByAdapters120(theirJson));
      if (!existsSync(path.join(folder, 'adapter.safetensors'))) {
        // A torch.save folder (`*_bin` cases): same tensors, bit for bit, now as safetensors.
        expectSameTensors(await readWeightsFile(path.join(output, 'adapter.safetensors')), await readWeightsFile(path.join(folder, 'pytorch_adapter.bin')));
        return;
      }
      const [ours, theirs] = await Promise.all([
        readSafetensorsHeader(path.join(output, 'adapter.safetensors')),
        readSafetensorsHeader(path.join(folder, 'adapter.safetensors')),
      ]);
      expect(ours.entries.map((entry) => [entry.name, entry.shape])).toEqual(theirs.entries.map((entry) => [entry.name, entry.shape]));
      const [ourBytes, theirBytes] = await Promise.all([
        readFile(path.join(output, 'adapter.safetensors')),
        readFile(path.join(folder, 'adapter.safetensors')),
      ]);
      expect(Buffer.compare(ourBytes, theirBytes)).toBe(0);
    } finally {
      model.dispose();
      backbone.dispose();
      await rm(output, { recursive: true, force: true });
    }
  });
});
