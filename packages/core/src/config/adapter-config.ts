import { adapterConfigFromDict, adapterConfigToDict } from './adapter-config-dict';
import { adapterConfigHash } from './adapter-config-hash';
import { ADAPTER_PRESETS, presetNames } from './adapter-presets';
import type { BottleneckConfig } from './bottleneck-config';
import type { ConfigUnion } from './config-union';
import { loadAdapterConfig } from './load-adapter-config';
import type { LoRAConfig } from './lora-config';
import type { PrefixTuningConfig } from './prefix-tuning-config';
import type { PromptTuningConfig } from './prompt-tuning-config';

/** One adaptation method (anything a `ConfigUnion` may hold). */
export type SingleAdapterConfig = BottleneckConfig | LoRAConfig | PrefixTuningConfig | PromptTuningConfig;

/** Any adapter config, discriminated by `architecture`. */
export type AdapterConfig = SingleAdapterConfig | ConfigUnion;

export type AdapterArchitecture = AdapterConfig['architecture'];

/**
 * The seed-era entry point, `AdapterConfig.load('pfeiffer', { nonLinearity: 'relu', reductionFactor: 16 })`,
 * plus the dict conversions, the config hash and the preset table.
 */
export const AdapterConfig = Object.freeze({
  load: loadAdapterConfig,
  fromDict: adapterConfigFromDict,
  toDict: adapterConfigToDict,
  hash: adapterConfigHash,
  presets: ADAPTER_PRESETS,
  presetNames,
});
