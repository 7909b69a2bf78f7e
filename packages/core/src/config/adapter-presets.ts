import type { AdapterConfig } from './adapter-config';
import { type BottleneckConfig, createBottleneckConfig } from './bottleneck-config';
import { createConfigUnion } from './config-union';
import { createIA3Config, createLoRAConfig } from './lora-config';
import { createPrefixTuningConfig } from './prefix-tuning-config';
import { createPromptTuningConfig } from './prompt-tuning-config';

// Spec A.3: each preset class only changes a few `BnConfig` defaults.
const seqBn = createBottleneckConfig({
  mhAdapter: false,
  outputAdapter: true,
  reductionFactor: 16,
  nonLinearity: 'relu',
  originalLnBefore: true,
  originalLnAfter: true,
  residualBeforeLn: true,
  adapterResidualBeforeLn: false,
  lnBefore: false,
  lnAfter: false,
});
const doubleSeqBn = createBottleneckConfig({
  mhAdapter: true,
  outputAdapter: true,
  reductionFactor: 16,
  nonLinearity: 'swish',
  originalLnBefore: false,
  originalLnAfter: true,
  residualBeforeLn: true,
  adapterResidualBeforeLn: false,
  lnBefore: false,
  lnAfter: false,
});
const parBn = createBottleneckConfig({
  mhAdapter: false,
  outputAdapter: true,
  reductionFactor: 2,
  nonLinearity: 'relu',
  originalLnBefore: false,
  originalLnAfter: true,
  lnBefore: false,
  lnAfter: false,
  initWeights: 'mam_adapter',
  isParallel: true,
  scaling: 4,
});

function variant(base: BottleneckConfig, changes: Partial<Omit<BottleneckConfig, 'architecture'>>): BottleneckConfig {
  return createBottleneckConfig({ ...base, ...changes });
}

const scaledParBn = variant(parBn, { scaling: 'learned' });
const seqBnInv = variant(seqBn, { invAdapter: 'nice', invAdapterReductionFactor: 2 });
const doubleSeqBnInv = variant(doubleSeqBn, { invAdapter: 'nice', invAdapterReductionFactor: 2 });
const compacterPlusPlus = variant(seqBn, { phmLayer: true, reductionFactor: 32, nonLinearity: 'gelu' });
const compacter = variant(doubleSeqBn, { phmLayer: true, reductionFactor: 32, nonLinearity: 'gelu' });

/**
 * Python's `ADAPTER_CONFIG_MAP` (adapters 1.2.0): current names and the deprecated ones they replaced
 * (pfeiffer = seq_bn, houlsby = double_seq_bn, parallel = par_bn, ...). Values are frozen configs.
 */
export const ADAPTER_PRESETS = Object.freeze({
  pfeiffer: seqBn,
  houlsby: doubleSeqBn,
  parallel: parBn,
  scaled_parallel: scaledParBn,
  'pfeiffer+inv': seqBnInv,
  'houlsby+inv': doubleSeqBnInv,
  seq_bn: seqBn,
  double_seq_bn: doubleSeqBn,
  par_bn: parBn,
  scaled_par_bn: scaledParBn,
  seq_bn_inv: seqBnInv,
  double_seq_bn_inv: doubleSeqBnInv,
  'compacter++': compacterPlusPlus,
  compacter,
  prefix_tuning: createPrefixTuningConfig(),
  prefix_tuning_flat: createPrefixTuningConfig({ flat: true }),
  prompt_tuning: createPromptTuningConfig(),
  lora: createLoRAConfig(),
  ia3: createIA3Config(),
  mam: createConfigUnion([createPrefixTuningConfig({ bottleneckSize: 800 }), parBn]),
  // adapters >= 1.1 passes alpha 2 (adapter-transformers 3.2.1 used alpha 8).
  unipelt: createConfigUnion([
    createPrefixTuningConfig({ prefixLength: 10, useGating: true }),
    variant(seqBn, { reductionFactor: 16, useGating: true }),
    createLoRAConfig({ r: 8, alpha: 2, useGating: true }),
  ]),
});

export type AdapterPresetName = keyof typeof ADAPTER_PRESETS;

/** Python's `DEFAULT_ADAPTER_CONFIG`. */
export const DEFAULT_ADAPTER_PRESET: AdapterPresetName = 'seq_bn';

/** Every preset name, current and deprecated, in `ADAPTER_CONFIG_MAP` order. */
export function presetNames(): readonly AdapterPresetName[] {
  return Object.keys(ADAPTER_PRESETS) as AdapterPresetName[];
}

/** The preset called `name`; kebab-case spellings (`seq-bn`, `prefix-tuning`) are accepted too. */
export function findAdapterPreset(name: string): AdapterConfig | undefined {
  const presets: Readonly<Record<string, AdapterConfig>> = ADAPTER_PRESETS;
  if (Object.hasOwn(presets, name)) return presets[name];
  const snakeName = name.replaceAll('-', '_');
  return Object.hasOwn(presets, snakeName) ? presets[snakeName] : undefined;
}
