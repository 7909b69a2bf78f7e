import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesRoot } from '@adapters/test-utils';
import { capturePrint } from '../testing/tiny-model-folder';
import { runInfo } from './info-command';
import { runCli } from './run-cli';

describe('runInfo', () => {
  it('describes an AdapterHub adapter folder: method, config summary, origin, tensor and parameter counts', async () => {
    const folder = path.join(fixturesRoot(), 'seq_bn/adapters/a');
    const capture = capturePrint();
    const [description] = (await runInfo([folder], { print: capture.print })) ?? [];
    expect(description?.parts).toHaveLength(1);
    expect(description?.parts[0]).toMatchObject({ kind: 'adapter', name: 'a', tensorCount: 8, parameterCount: 324 });
    expect(capture.lines).toEqual([
      `${folder}: adapter 'a'`,
      '  method: bottleneck',
      '  config: reduction_factor=16, non_linearity="relu", mh_adapter=false, output_adapter=true, is_parallel=false, scaling=1, leave_out=[]',
      "  for: bert 'bert-tiny-a', hidden size 32, BertAdapterModel, adapters.1.2.0",
      '  weights: adapter.safetensors, 8 tensors, 324 parameters',
    ]);
  });

  it('counts the tensors of PyTorch .bin weights, read by the safe reader', async () => {
    const capture = capturePrint();
    await runInfo([path.join(fixturesRoot(), 'seq_bn_bin/adapters/a')], { print: capture.print });
    expect(capture.lines).toContain('  weights: pytorch_adapter.bin, 8 tensors, 324 parameters');
  });

  it('describes heads, fusions and model folders, and refuses what is not a folder', async () => {
    const capture = capturePrint();
    await runInfo({ dirs: [path.join(fixturesRoot(), 'fusion_dynamic')] }, { print: capture.print });
    expect(capture.text()).toMatch(/fusion '[^']+'/);
    expect(capture.text()).toMatch(/fusion fuses: |fuses: /);
    await expect(runInfo([path.join(fixturesRoot(), 'no-such-folder')])).rejects.toMatchObject({ code: 'invalid-config' });
    // A folder with none of the known files (here: weights without config.json) fails, so the bin exits non-zero.
    const bare = await mkdtemp(path.join(tmpdir(), 'adapters-info-'));
    try {
      await writeFile(path.join(bare, 'model.safetensors'), '');
      await expect(runInfo([bare], { print: () => {} })).rejects.toThrow(/has no config\.json .*\(model\.safetensors is there without its config\.json\)/);
      expect(await runCli(['info', bare], { print: () => {}, printError: () => {} })).not.toBe(0);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
    expect(await runInfo(['--help'], { print: () => {} })).toBeNull();
  });
});
