// Files written by the reference implementation load, and what we write back is byte-identical to them.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '@adapters/core';
import { loadBackbone } from '@adapters/models';
import { fixturesRoot, pendingCases } from '@adapters/test-utils';
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

describe('AdapterHub file compatibility', () => {
  const adapters = fixtureAdapters();

  it('finds fixture adapters', () => {
    expect(adapters.length).toBeGreaterThan(0);
  });

  it.each(adapters)('%s: loads, and saves back byte-identical files', async (_label, folder, caseFolder) => {
    // the case's own backbone (BERT, GPT-2 or Llama)
    const spec = JSON.parse(readFileSync(path.join(caseFolder, 'case.json'), 'utf8')) as { backbone: string };
    const { model: backbone } = await loadBackbone(path.resolve(caseFolder, spec.backbone));
    const model = new AdapterModel(backbone);
    const output = await mkdtemp(path.join(os.tmpdir(), 'adapters-roundtrip-'));
    try {
      const name = await model.loadAdapter(folder);
      await model.saveAdapter(output, name);
      const [ourJson, theirJson] = await Promise.all([
        readFile(path.join(output, 'adapter_config.json'), 'utf8'),
        readFile(path.join(folder, 'adapter_config.json'), 'utf8'),
      ]);
      expect(ourJson).toBe(theirJson);
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
