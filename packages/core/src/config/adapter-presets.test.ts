import { describe, expect, it } from 'vitest';
import type { AdapterConfig } from './adapter-config';
import { ADAPTER_PRESETS, DEFAULT_ADAPTER_PRESET, findAdapterPreset, presetNames } from './adapter-presets';
import { createBottleneckConfig } from './bottleneck-config';
import { loadAdapterConfig } from './load-adapter-config';

// Spec A.3: the fields each bottleneck preset sets; every other field keeps the BnConfig base default.
const BOTTLENECK_PRESETS: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
  ['seq_bn', 'pfeiffer', { mhAdapter: false, reductionFactor: 16, nonLinearity: 'relu', originalLnBefore: true }],
  ['double_seq_bn', 'houlsby', { mhAdapter: true, reductionFactor: 16, nonLinearity: 'swish', originalLnBefore: false }],
  ['par_bn', 'parallel', { mhAdapter: false, reductionFactor: 2, nonLinearity: 'relu', initWeights: 'mam_adapter', isParallel: true, scaling: 4 }],
  ['scaled_par_bn', 'scaled_parallel', { mhAdapter: false, reductionFactor: 2, nonLinearity: 'relu', initWeights: 'mam_adapter', isParallel: true, scaling: 'learned' }],
  ['seq_bn_inv', 'pfeiffer+inv', { mhAdapter: false, reductionFactor: 16, nonLinearity: 'relu', originalLnBefore: true, invAdapter: 'nice', invAdapterReductionFactor: 2 }],
  ['double_seq_bn_inv', 'houlsby+inv', { mhAdapter: true, reductionFactor: 16, nonLinearity: 'swish', invAdapter: 'nice', invAdapterReductionFactor: 2 }],
  ['compacter++', 'compacter++', { mhAdapter: false, reductionFactor: 32, nonLinearity: 'gelu', originalLnBefore: true, phmLayer: true }],
  ['compacter', 'compacter', { mhAdapter: true, reductionFactor: 32, nonLinearity: 'gelu', phmLayer: true }],
];

const BASE_DEFAULTS = createBottleneckConfig({ mhAdapter: false, outputAdapter: true, reductionFactor: 1, nonLinearity: 'relu' });

describe('ADAPTER_PRESETS', () => {
  it.each(BOTTLENECK_PRESETS)('%s (legacy %s) has the spec A.3 values', (name, legacyName, fields) => {
    const expected = { ...BASE_DEFAULTS, outputAdapter: true, ...fields };
    expect(ADAPTER_PRESETS[name as keyof typeof ADAPTER_PRESETS]).toEqual(expected);
    expect(loadAdapterConfig(name)).toEqual(expected);
    expect(loadAdapterConfig(legacyName)).toEqual(expected);
  });

  it('bottleneck presets keep every other base default (A.2)', () => {
    expect(ADAPTER_PRESETS.seq_bn).toMatchObject({
      originalLnAfter: true,
      lnBefore: false,
      lnAfter: false,
      initWeights: 'bert',
      initWeightsSeed: null,
      scaling: 1,
      useGating: false,
      residualBeforeLn: true,
      adapterResidualBeforeLn: false,
      crossAdapter: false,
      leaveOut: [],
      dropout: 0,
      phmDim: 4,
      factorizedPhmW: true,
      sharedWPhm: false,
      sharedPhmRule: true,
      factorizedPhmRule: false,
      phmCInit: 'normal',
      phmInitRange: 0.0001,
      learnPhm: true,
      hypercomplexNonlinearity: 'glorot-uniform',
      phmRank: 1,
      phmBias: true,
      stochasticDepth: 0,
    });
  });

  it('has LoRA, IA3, prefix and prompt tuning with the A.8 defaults', () => {
    expect(loadAdapterConfig('lora')).toEqual({
      architecture: 'lora',
      selfattnLora: true,
      intermediateLora: false,
      outputLora: false,
      leaveOut: [],
      r: 8,
      alpha: 8,
      dropout: 0,
      attnMatrices: ['q', 'v'],
      compositionMode: 'add',
      initWeights: 'lora',
      initWeightsSeed: null,
      useGating: false,
      useDora: false,
      veraD: null,
      veraB: null,
      dtype: null,
    });
    expect(loadAdapterConfig('ia3')).toMatchObject({
      architecture: 'lora',
      selfattnLora: true,
      intermediateLora: true,
      outputLora: false,
      r: 1,
      alpha: 1,
      attnMatrices: ['k', 'v'],
      compositionMode: 'scale',
      initWeights: 'ia3',
    });
    expect(loadAdapterConfig('prefix_tuning')).toEqual({
      architecture: 'prefix_tuning',
      encoderPrefix: true,
      crossPrefix: true,
      leaveOut: [],
      flat: false,
      prefixLength: 30,
      bottleneckSize: 512,
      nonLinearity: 'tanh',
      dropout: 0,
      useGating: false,
      sharedGating: true,
      initWeightsSeed: null,
    });
    expect(loadAdapterConfig('prefix_tuning_flat')).toEqual({ ...ADAPTER_PRESETS.prefix_tuning, flat: true });
    expect(loadAdapterConfig('prompt_tuning')).toEqual({
      architecture: 'prompt_tuning',
      promptLength: 10,
      promptInit: 'random_uniform',
      promptInitText: null,
      combine: 'prefix',
      initWeightsSeed: null,
    });
  });

  it('has MAM = prefix tuning (bottleneck 800) + par_bn', () => {
    expect(loadAdapterConfig('mam')).toEqual({
      architecture: 'union',
      configs: [{ ...ADAPTER_PRESETS.prefix_tuning, bottleneckSize: 800 }, ADAPTER_PRESETS.par_bn],
    });
  });

  it('has UniPELT = prefix (length 10) + seq_bn (rf 16) + LoRA (r 8, alpha 2), all gated', () => {
    const unipelt = loadAdapterConfig('unipelt');
    expect(unipelt).toEqual({
      architecture: 'union',
      configs: [
        { ...ADAPTER_PRESETS.prefix_tuning, prefixLength: 10, useGating: true },
        { ...ADAPTER_PRESETS.seq_bn, reductionFactor: 16, useGating: true },
        { ...ADAPTER_PRESETS.lora, r: 8, alpha: 2, useGating: true },
      ],
    } satisfies AdapterConfig);
  });

  it('lists the 21 names of ADAPTER_CONFIG_MAP, frozen, seq_bn the default', () => {
    expect(presetNames()).toHaveLength(21);
    expect(DEFAULT_ADAPTER_PRESET).toBe('seq_bn');
    expect(Object.isFrozen(ADAPTER_PRESETS)).toBe(true);
    expect(Object.isFrozen(ADAPTER_PRESETS.seq_bn)).toBe(true);
    expect(Object.isFrozen(ADAPTER_PRESETS.lora.attnMatrices)).toBe(true);
  });

  it('finds presets by kebab-case spelling too', () => {
    expect(findAdapterPreset('seq-bn')).toBe(ADAPTER_PRESETS.seq_bn);
    expect(findAdapterPreset('prefix-tuning-flat')).toBe(ADAPTER_PRESETS.prefix_tuning_flat);
    expect(findAdapterPreset('nope')).toBeUndefined();
    expect(findAdapterPreset('toString')).toBeUndefined();
  });
});
