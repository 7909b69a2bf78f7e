import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonFloat } from '../format/python-json';
import { FIXTURES_FOLDER } from '../format/python-json-test-helpers';
import { adapterConfigFromDict } from './adapter-config-dict';
import { adapterConfigHash } from './adapter-config-hash';
import { ADAPTER_PRESETS } from './adapter-presets';
import { loadAdapterConfig } from './load-adapter-config';

// Python's `get_adapter_config_hash` values (the first three are the AdapterHub index keys, spec A.9).
describe('adapterConfigHash', () => {
  it('gives the AdapterHub ids of Pfeiffer and Houlsby under both names', () => {
    expect(adapterConfigHash(ADAPTER_PRESETS.pfeiffer)).toBe('9076f36a74755ac4');
    expect(adapterConfigHash(ADAPTER_PRESETS.seq_bn)).toBe('9076f36a74755ac4');
    expect(adapterConfigHash(ADAPTER_PRESETS.houlsby)).toBe('b1017368d7a97b11');
    expect(adapterConfigHash(ADAPTER_PRESETS.double_seq_bn)).toBe('b1017368d7a97b11');
    expect(adapterConfigHash(loadAdapterConfig('pfeiffer', { nonLinearity: 'relu', reductionFactor: 16 }))).toBe('9076f36a74755ac4');
  });

  it('hashes the v1 Pfeiffer dict with its nested invertible adapter as given', () => {
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
    expect(adapterConfigHash(v1Pfeiffer)).toBe('bb1c8efb82510bed');
  });

  it.each([
    ['bn_misc', 'f306cd46906bd9ed'],
    ['lora_all', '06bc20e2c113c229'],
    ['ia3', '1ebb5af107e576c0'],
    ['prefix_tuning', '15e0c6e3bc8d4620'],
    ['seq_bn_post_add', '583aea8623563d00'],
    ['scaled_par_bn', '4197b24ec21c92f8'],
    ['seq_bn_inv', '9ed5b5a29de19b71'],
  ])('%s fixture config hashes to %s (typed and as the raw dict)', (fixture, expected) => {
    const file = path.join(FIXTURES_FOLDER, fixture, 'adapters/a/adapter_config.json');
    const dict = (JSON.parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown> }).config;
    expect(adapterConfigHash(adapterConfigFromDict(dict))).toBe(expected);
    expect(adapterConfigHash(dict)).toBe(expected);
  });

  it('hashes a union with every bottleneck field, as Python to_dict() writes it', () => {
    expect(adapterConfigHash(ADAPTER_PRESETS.mam)).toBe('3a07cc7e2d6b7cbd');
  });

  it('follows Python falsiness and == (True == 1 == 1.0) when minimizing', () => {
    const dict = { a: { b: 0, c: new PythonFloat(1) }, phm_layer: 1, scaling: 1, x: [0, false], y: new PythonFloat(0), z: '' };
    expect(adapterConfigHash(dict)).toBe('6a94f2cd5cb474e4');
    expect(adapterConfigHash(ADAPTER_PRESETS.seq_bn, 8)).toBe('9076f36a');
  });
});
