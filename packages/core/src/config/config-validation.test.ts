import { describe, expect, it } from 'vitest';
import { adapterConfigFromDict } from './adapter-config-dict';
import { ADAPTER_PRESETS } from './adapter-presets';
import { createBottleneckConfig } from './bottleneck-config';
import { expectInvalidConfig } from './config-test-helpers';
import { loadAdapterConfig } from './load-adapter-config';
import { createLoRAConfig } from './lora-config';
import { isKnownNonLinearity, NON_LINEARITIES } from './non-linearities';
import { createPrefixTuningConfig } from './prefix-tuning-config';
import { createPromptTuningConfig } from './prompt-tuning-config';

const required = { mhAdapter: false, outputAdapter: true, reductionFactor: 16, nonLinearity: 'relu' } as const;

// One test per kind of check; each asserts code 'invalid-config' and that the message names the field.
describe('config validation', () => {
  it('booleans', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { isParallel: 'yes' }), 'isParallel', /a boolean/);
  });

  it('reductionFactor > 0, scalar or per-layer map', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { reductionFactor: 0 }), 'reductionFactor', /> 0/);
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { reductionFactor: { default: -1 } }), 'reductionFactor');
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { reductionFactor: { first: 2 } }), 'reductionFactor');
    expect(loadAdapterConfig('seq_bn', { reductionFactor: { '3': 2, default: 8 } })).toMatchObject({ reductionFactor: { '3': 2, default: 8 } });
  });

  it('integers with a minimum (r >= 1, prefixLength >= 1, phmDim >= 1)', () => {
    expectInvalidConfig(() => loadAdapterConfig('lora', { r: 0 }), 'r', /integer >= 1/);
    expectInvalidConfig(() => loadAdapterConfig('lora', { r: 2.5 }), 'r');
    expectInvalidConfig(() => createPrefixTuningConfig({ prefixLength: 0 }), 'prefixLength');
    expectInvalidConfig(() => createBottleneckConfig({ ...required, phmDim: 0 }), 'phmDim');
  });

  it('leaveOut is a list of non-negative integer layer ids', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { leaveOut: [0, -1] }), 'leaveOut', /layer ids/);
    expectInvalidConfig(() => loadAdapterConfig('lora', { leave_out: [1.5] }), 'leave_out');
    expectInvalidConfig(() => loadAdapterConfig('prefix_tuning', { leaveOut: 3 }), 'leaveOut');
  });

  it('nonLinearity from the known activations (any case)', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { nonLinearity: 'softmax' }), 'nonLinearity', /gelu_new/);
    expectInvalidConfig(() => createPrefixTuningConfig({ nonLinearity: 'cube' }), 'nonLinearity');
    for (const name of ['relu', 'gelu', 'gelu_new', 'gelu_orig', 'swish', 'silu', 'tanh', 'sigmoid', 'leakyrelu', 'linear']) {
      expect(NON_LINEARITIES).toContain(name);
    }
    expect(isKnownNonLinearity('ReLU')).toBe(true);
    expect(loadAdapterConfig('seq_bn', { nonLinearity: 'GELU' })).toMatchObject({ nonLinearity: 'GELU' });
  });

  it('choices (initWeights, scaling, residualBeforeLn, compositionMode, attnMatrices)', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { initWeights: 'lora' }), 'initWeights', /'mam_adapter'/);
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { scaling: 'fixed' }), 'scaling', /'learned'/);
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { residualBeforeLn: 'pre_add' }), 'residualBeforeLn', /'post_add'/);
    expectInvalidConfig(() => createLoRAConfig({ compositionMode: 'mul' as never }), 'compositionMode');
    expectInvalidConfig(() => createLoRAConfig({ attnMatrices: ['q', 'o' as never] }), 'attnMatrices');
  });

  it('probabilities in [0, 1] (dropout, stochasticDepth)', () => {
    expectInvalidConfig(() => loadAdapterConfig('lora', { dropout: 1.5 }), 'dropout', /<= 1/);
    expectInvalidConfig(() => createBottleneckConfig({ ...required, stochasticDepth: -0.1 }), 'stochasticDepth');
  });

  it('nullable fields take null or a valid value', () => {
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { invAdapter: 'real_nvp' }), 'invAdapter', /or null/);
    expectInvalidConfig(() => loadAdapterConfig('lora', { initWeightsSeed: 1.5 }), 'initWeightsSeed');
    expect(loadAdapterConfig('lora', { initWeightsSeed: 42, dtype: 'bfloat16' })).toMatchObject({ initWeightsSeed: 42, dtype: 'bfloat16' });
  });

  it('required bottleneck fields', () => {
    expectInvalidConfig(() => adapterConfigFromDict({ mh_adapter: false, output_adapter: true, non_linearity: 'relu' }), 'reduction_factor', /required/);
    expectInvalidConfig(() => createBottleneckConfig({ mhAdapter: true, outputAdapter: true, reductionFactor: 2 } as never), 'nonLinearity');
  });

  it('cross-field rules', () => {
    expectInvalidConfig(() => loadAdapterConfig('ia3', { r: 2 }), 'r', /'scale'/);
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { invAdapter: 'glow' }), 'invAdapterReductionFactor');
    expectInvalidConfig(() => createPromptTuningConfig({ promptInit: 'from_string' }), 'promptInitText');
    expect(createPromptTuningConfig({ promptInit: 'from_string', promptInitText: 'Classify:' }).promptInitText).toBe('Classify:');
  });

  it('unknown fields and architectures', () => {
    expectInvalidConfig(() => adapterConfigFromDict({ ...ADAPTER_PRESETS.lora, architecture: 'lora', rank: 4 }), 'rank');
    expectInvalidConfig(() => adapterConfigFromDict({ architecture: 'reft' }), 'architecture', /'prefix_tuning'/);
    expectInvalidConfig(() => adapterConfigFromDict({ architecture: 'lora', reduction_factor: 2 }), 'reduction_factor', /lora config field/);
    expectInvalidConfig(() => createLoRAConfig({ rank: 4 } as never), 'rank');
    expectInvalidConfig(() => loadAdapterConfig('seq_bn', { constructor: 1 }), 'constructor');
    expectInvalidConfig(() => adapterConfigFromDict({ architecture: 'lora', toString: 'x' }), 'toString');
    expectInvalidConfig(() => adapterConfigFromDict([1, 2]), 'config', /config dict/);
  });
});
