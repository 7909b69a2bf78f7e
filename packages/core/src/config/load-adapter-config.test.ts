import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors/file-format-error';
import { parsePythonJson } from '../format/parse-python-json';
import { FIXTURES_FOLDER } from '../format/python-json-test-helpers';
import { AdapterConfig } from './adapter-config';
import { ADAPTER_PRESETS } from './adapter-presets';
import { expectInvalidConfig } from './config-test-helpers';
import { loadAdapterConfig } from './load-adapter-config';

const temporaryFolder = mkdtempSync(path.join(tmpdir(), 'adapter-config-'));
afterAll(() => rmSync(temporaryFolder, { recursive: true, force: true }));

describe('AdapterConfig.load', () => {
  it('is the seed API: a preset name plus camelCase overrides', () => {
    const config = AdapterConfig.load('pfeiffer', { nonLinearity: 'relu', reductionFactor: 16 });
    expect(config).toEqual(ADAPTER_PRESETS.seq_bn);
    expect(AdapterConfig.load('houlsby', { reductionFactor: 12, leaveOut: [0, 11] })).toEqual({
      ...ADAPTER_PRESETS.double_seq_bn,
      reductionFactor: 12,
      leaveOut: [0, 11],
    });
  });

  it('ignores undefined and null overrides (unset CLI flags), as Python skips None', () => {
    expect(AdapterConfig.load('pfeiffer', { nonLinearity: undefined, reductionFactor: null })).toEqual(ADAPTER_PRESETS.seq_bn);
    expect(AdapterConfig.load('lora', { r: undefined, alpha: 4 })).toEqual({ ...ADAPTER_PRESETS.lora, alpha: 4 });
  });

  it('accepts snake_case override keys and the v1 invertible_adapter key', () => {
    expect(AdapterConfig.load('seq_bn', { reduction_factor: 8, non_linearity: 'gelu' })).toEqual({
      ...ADAPTER_PRESETS.seq_bn,
      reductionFactor: 8,
      nonLinearity: 'gelu',
    });
    expect(AdapterConfig.load('pfeiffer', { invertible_adapter: { block_type: 'nice', non_linearity: 'relu', reduction_factor: 2 } })).toEqual(
      ADAPTER_PRESETS.seq_bn_inv,
    );
  });

  it('reads config strings with arguments', () => {
    expect(AdapterConfig.load('seq_bn[reduction_factor=8,non_linearity=gelu]')).toEqual({
      ...ADAPTER_PRESETS.seq_bn,
      reductionFactor: 8,
      nonLinearity: 'gelu',
    });
    expect(AdapterConfig.load("prefix_tuning[prefix_length=5, flat=True, leave_out=[0, 1], non_linearity='relu']")).toEqual({
      ...ADAPTER_PRESETS.prefix_tuning,
      prefixLength: 5,
      flat: true,
      leaveOut: [0, 1],
      nonLinearity: 'relu',
    });
  });

  it('builds a union from "|", then applies overrides to every member that has the field', () => {
    const config = AdapterConfig.load('seq_bn[reduction_factor=8,non_linearity=gelu]|lora', { leaveOut: [3], r: 4 });
    expect(config).toEqual({
      architecture: 'union',
      configs: [
        { ...ADAPTER_PRESETS.seq_bn, reductionFactor: 8, nonLinearity: 'gelu', leaveOut: [3] },
        { ...ADAPTER_PRESETS.lora, r: 4, leaveOut: [3] },
      ],
    });
    expect(AdapterConfig.load('prefix_tuning[bottleneck_size=800]|parallel')).toEqual(ADAPTER_PRESETS.mam);
    expect(AdapterConfig.load('mam', { reductionFactor: 4 })).toEqual({
      architecture: 'union',
      configs: [ADAPTER_PRESETS.mam.configs[0], { ...ADAPTER_PRESETS.par_bn, reductionFactor: 4 }],
    });
  });

  it('reads a JSON file path: a whole adapter_config.json or a bare config dict', () => {
    const fixture = path.join(FIXTURES_FOLDER, 'lora_all/adapters/a/adapter_config.json');
    expect(AdapterConfig.load(fixture)).toMatchObject({ architecture: 'lora', r: 4, alpha: 2, leaveOut: [1], attnMatrices: ['q', 'k', 'v'] });
    const bare = path.join(temporaryFolder, 'bare.json');
    writeFileSync(bare, '{"architecture": "prefix_tuning", "prefix_length": 7}');
    expect(AdapterConfig.load(bare, { dropout: 0.1 })).toEqual({ ...ADAPTER_PRESETS.prefix_tuning, prefixLength: 7, dropout: 0.1 });
  });

  it('reads a whole adapter_config.json object and a snake_case dict', () => {
    const file = path.join(FIXTURES_FOLDER, 'bn_misc/adapters/a/adapter_config.json');
    const whole = parsePythonJson(readFileSync(file, 'utf8')) as Readonly<Record<string, unknown>>;
    expect(AdapterConfig.load(whole)).toMatchObject({
      architecture: 'bottleneck',
      reductionFactor: { '1': 4, default: 16 },
      scaling: 'channel',
      leaveOut: [0],
      originalLnAfter: false,
    });
    expect(AdapterConfig.load({ architecture: 'lora', r: 2 }, { alpha: 2 })).toEqual({ ...ADAPTER_PRESETS.lora, r: 2, alpha: 2 });
  });

  it('re-validates a typed config and applies overrides to it', () => {
    expect(AdapterConfig.load(ADAPTER_PRESETS.ia3, { leaveOut: [0] })).toEqual({ ...ADAPTER_PRESETS.ia3, leaveOut: [0] });
    expectInvalidConfig(() => AdapterConfig.load({ ...ADAPTER_PRESETS.lora, r: 0.5 }), 'r');
  });

  it('names the file in errors from a file', () => {
    const bad = path.join(temporaryFolder, 'bad-value.json');
    writeFileSync(bad, '{"config": {"architecture": "lora", "r": -1}}');
    const error = expectInvalidConfig(() => AdapterConfig.load(bad), 'config.r');
    expect(error.message).toContain(bad);
    const broken = path.join(temporaryFolder, 'broken.json');
    writeFileSync(broken, '{"config": ');
    expect(() => AdapterConfig.load(broken)).toThrow(FileFormatError);
    expect(() => AdapterConfig.load(broken)).toThrow(broken);
    const missing = path.join(temporaryFolder, 'missing.json');
    expect(expectInvalidConfig(() => AdapterConfig.load(missing), 'config').message).toContain(missing);
  });

  it('rejects unknown override keys by name, and unknown presets', () => {
    expectInvalidConfig(() => AdapterConfig.load('pfeiffer', { reductionFactr: 8 }), 'reductionFactr', /bottleneck config field/);
    expectInvalidConfig(() => AdapterConfig.load('mam', { rank: 8 }), 'rank');
    expectInvalidConfig(() => AdapterConfig.load('seq_bn[reduction_factr=8]'), 'reduction_factr');
    // @ts-expect-error -- a literal that is no preset is a type error too (see adapter-config-names.test.ts)
    expectInvalidConfig(() => AdapterConfig.load('no_such_preset'), 'config', /preset name/);
  });

  it('exposes fromDict, toDict, hash and the presets', () => {
    expect(AdapterConfig.fromDict(AdapterConfig.toDict(ADAPTER_PRESETS.unipelt))).toEqual(ADAPTER_PRESETS.unipelt);
    expect(AdapterConfig.hash(AdapterConfig.presets.houlsby)).toBe('b1017368d7a97b11');
    expect(AdapterConfig.presetNames()).toContain('compacter++');
    expect(loadAdapterConfig).toBe(AdapterConfig.load);
  });
});
