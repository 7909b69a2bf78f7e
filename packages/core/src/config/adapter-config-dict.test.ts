import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePythonJson } from '../format/parse-python-json';
import { dumpPythonJson, PythonFloat } from '../format/python-json';
import { FIXTURES_FOLDER, findFilesNamed, findFixtureFilesNamed } from '../format/python-json-test-helpers';
import { adapterConfigFromDict, adapterConfigToDict } from './adapter-config-dict';
import { ADAPTER_PRESETS, presetNames } from './adapter-presets';
import { createBottleneckConfig } from './bottleneck-config';
import { expectInvalidConfig } from './config-test-helpers';
import { asWrittenByAdapters120 } from '@adapters/test-utils';

// PEFT folders (`peft_type`) share the file name but not the format.
const adapterConfigFiles = findFixtureFilesNamed(['adapter_config.json']).filter((file) => !('peft_type' in (JSON.parse(readFileSync(file, 'utf8')) as object)));
// Written by the Python library itself (adapters 1.2.0, one folder per method).
const LIBRARY_FOLDER = path.resolve(FIXTURES_FOLDER, '../library-outputs/adapters-1.2.0');
const libraryConfigFiles = findFilesNamed(LIBRARY_FOLDER, ['adapter_config.json']);

describe('adapter_config.json fixtures', () => {
  it('covers bottleneck, LoRA, IA3 and prefix tuning', () => {
    const architectures = new Set(
      adapterConfigFiles.map((file) => adapterConfigFromDict((JSON.parse(readFileSync(file, 'utf8')) as { config: unknown }).config).architecture),
    );
    expect([...architectures].sort()).toEqual(['bottleneck', 'lora', 'prefix_tuning']);
  });

  it.each(adapterConfigFiles.map((file) => [path.relative(FIXTURES_FOLDER, file), file]))(
    '%s: toDict(fromDict(config)) rebuilds what adapters 1.2.0 writes for it',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const whole = parsePythonJson(text, file) as Readonly<Record<string, unknown>>;
      const config = adapterConfigFromDict(whole.config, file);
      const rebuilt = { ...whole, config: adapterConfigToDict(config) };
      // The fixtures predate the library's exact field set (two PHM flags, no use_dora).
      expect(dumpPythonJson(rebuilt, { indent: 2, sortKeys: true })).toBe(asWrittenByAdapters120(text));
    },
  );

  it('finds the library-written config of every method', () => {
    expect(libraryConfigFiles.length).toBeGreaterThanOrEqual(15);
  });

  it.each(libraryConfigFiles.map((file) => [path.relative(LIBRARY_FOLDER, file), file]))(
    'adapters 1.2.0 %s: toDict(fromDict(config)) rebuilds the file byte for byte',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const whole = parsePythonJson(text, file) as Readonly<Record<string, unknown>>;
      const rebuilt = { ...whole, config: adapterConfigToDict(adapterConfigFromDict(whole.config, file)) };
      expect(dumpPythonJson(rebuilt, { indent: 2, sortKeys: true })).toBe(text);
    },
  );
});

describe('adapterConfigToDict / adapterConfigFromDict', () => {
  it.each(presetNames())('%s survives toDict -> JSON text -> fromDict unchanged', (name) => {
    const preset = ADAPTER_PRESETS[name];
    const text = dumpPythonJson(adapterConfigToDict(preset), { indent: 2, sortKeys: true });
    expect(adapterConfigFromDict(parsePythonJson(text))).toEqual(preset);
    expect(adapterConfigFromDict(adapterConfigToDict(preset))).toEqual(preset);
  });

  it('writes the field set of adapters 1.2.0 (33 bottleneck fields) and Python float-ness', () => {
    const dict = adapterConfigToDict(ADAPTER_PRESETS.par_bn);
    expect(Object.keys(dict)).toHaveLength(33);
    expect(dict).toMatchObject({ factorized_phm_W: true, shared_W_phm: false });
    expect(dict).not.toHaveProperty('architecture');
    expect(dict.scaling).toEqual(new PythonFloat(4));
    expect(dict.dropout).toEqual(new PythonFloat(0));
    expect(dict.phm_init_range).toEqual(new PythonFloat(0.0001));
    expect(dict.stochastic_depth).toEqual(new PythonFloat(0));
    expect(dict.reduction_factor).toBe(2);
    expect(adapterConfigToDict(ADAPTER_PRESETS.lora).alpha).toBe(8);
    expect(adapterConfigToDict(ADAPTER_PRESETS.scaled_par_bn).scaling).toBe('learned');
  });

  it('writes use_dora only when set (adapters 1.2.0 has no such field), and PHM weight flags as set', () => {
    expect(adapterConfigToDict(ADAPTER_PRESETS.lora)).not.toHaveProperty('use_dora');
    expect(adapterConfigToDict(ADAPTER_PRESETS.ia3)).not.toHaveProperty('use_dora');
    expect(adapterConfigToDict({ ...ADAPTER_PRESETS.lora, useDora: true })).toMatchObject({ use_dora: true });
    const shared = createBottleneckConfig({ ...ADAPTER_PRESETS.compacter, sharedWPhm: true });
    expect(adapterConfigToDict(shared)).toMatchObject({ shared_W_phm: true });
    expect(adapterConfigFromDict(adapterConfigToDict(shared))).toEqual(shared);
  });

  it('fills missing fields with the defaults of the class the architecture names', () => {
    const lora = adapterConfigFromDict({ architecture: 'lora', r: 4 });
    expect(lora).toEqual({ ...ADAPTER_PRESETS.lora, r: 4 });
    const bottleneck = adapterConfigFromDict({ mh_adapter: true, output_adapter: false, reduction_factor: 0.5, non_linearity: 'tanh', architecture: null });
    expect(bottleneck).toMatchObject({ architecture: 'bottleneck', reductionFactor: 0.5, originalLnBefore: false, originalLnAfter: true, scaling: 1 });
    expect(adapterConfigToDict(bottleneck).reduction_factor).toEqual(new PythonFloat(0.5));
  });

  it('maps the v1 nested invertible_adapter onto invAdapter / invAdapterReductionFactor', () => {
    const v1Pfeiffer = {
      original_ln_before: true,
      original_ln_after: true,
      residual_before_ln: true,
      adapter_residual_before_ln: false,
      ln_before: false,
      ln_after: false,
      mh_adapter: false,
      output_adapter: true,
      non_linearity: 'relu',
      reduction_factor: 16,
      invertible_adapter: { block_type: 'nice', non_linearity: 'relu', reduction_factor: 2 },
      leave_out: [],
    };
    expect(adapterConfigFromDict(v1Pfeiffer)).toEqual(ADAPTER_PRESETS.seq_bn_inv);
    expect(adapterConfigFromDict({ ...v1Pfeiffer, invertible_adapter: null })).toEqual(ADAPTER_PRESETS.seq_bn);
  });

  it('reads and writes unions as {"architecture": "union", "configs": [...]}', () => {
    const dict = adapterConfigToDict(ADAPTER_PRESETS.mam);
    expect(dict.architecture).toBe('union');
    expect((dict.configs as unknown[]).length).toBe(2);
    expect(adapterConfigFromDict(dict)).toEqual(ADAPTER_PRESETS.mam);
  });

  it('names the snake_case field and the source file in errors', () => {
    const error = expectInvalidConfig(
      () => adapterConfigFromDict({ architecture: 'lora', r: 0 }, 'lora/adapter_config.json'),
      'r',
      /integer >= 1/,
    );
    expect(error.message).toContain('lora/adapter_config.json');
    expectInvalidConfig(() => adapterConfigFromDict({ architecture: 'union', configs: [{ architecture: 'lora', alpha: 'x' }] }), 'configs[0].alpha');
  });
});
