import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePythonJson } from '../format/parse-python-json';
import { dumpPythonJson, PythonFloat } from '../format/python-json';
import { FIXTURES_FOLDER, findFixtureFilesNamed } from '../format/python-json-test-helpers';
import { adapterConfigFromDict, adapterConfigToDict } from './adapter-config-dict';
import { ADAPTER_PRESETS, presetNames } from './adapter-presets';
import { createBottleneckConfig } from './bottleneck-config';
import { expectInvalidConfig } from './config-test-helpers';

const adapterConfigFiles = findFixtureFilesNamed(['adapter_config.json']);

describe('adapter_config.json fixtures', () => {
  it('covers bottleneck, LoRA, IA3 and prefix tuning', () => {
    const architectures = new Set(
      adapterConfigFiles.map((file) => adapterConfigFromDict((JSON.parse(readFileSync(file, 'utf8')) as { config: unknown }).config).architecture),
    );
    expect([...architectures].sort()).toEqual(['bottleneck', 'lora', 'prefix_tuning']);
  });

  it.each(adapterConfigFiles.map((file) => [path.relative(FIXTURES_FOLDER, file), file]))(
    '%s: toDict(fromDict(config)) rebuilds the file byte for byte',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const whole = parsePythonJson(text, file) as Readonly<Record<string, unknown>>;
      const config = adapterConfigFromDict(whole.config, file);
      const rebuilt = { ...whole, config: adapterConfigToDict(config) };
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

  it('writes the fixture field set (31 bottleneck fields) and Python float-ness', () => {
    const dict = adapterConfigToDict(ADAPTER_PRESETS.par_bn);
    expect(Object.keys(dict)).toHaveLength(31);
    expect(dict).not.toHaveProperty('architecture');
    expect(dict.scaling).toEqual(new PythonFloat(4));
    expect(dict.dropout).toEqual(new PythonFloat(0));
    expect(dict.phm_init_range).toEqual(new PythonFloat(0.0001));
    expect(dict.stochastic_depth).toEqual(new PythonFloat(0));
    expect(dict.reduction_factor).toBe(2);
    expect(adapterConfigToDict(ADAPTER_PRESETS.lora).alpha).toBe(8);
    expect(adapterConfigToDict(ADAPTER_PRESETS.scaled_par_bn).scaling).toBe('learned');
  });

  it('writes all 33 bottleneck fields on request, and non-default PHM weight flags always', () => {
    const full = adapterConfigToDict(ADAPTER_PRESETS.seq_bn, { includeDefaultPhmWeightFields: true });
    expect(Object.keys(full)).toHaveLength(33);
    expect(full).toMatchObject({ factorized_phm_W: true, shared_W_phm: false });
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
