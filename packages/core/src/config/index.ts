export { AdapterConfig } from './adapter-config';
export type { AdapterArchitecture, SingleAdapterConfig } from './adapter-config';
export { adapterConfigFromDict, adapterConfigToDict } from './adapter-config-dict';
export { ADAPTER_CONFIG_HASH_IGNORE_DEFAULT, adapterConfigHash } from './adapter-config-hash';
export { ADAPTER_PRESETS, DEFAULT_ADAPTER_PRESET, findAdapterPreset, presetNames } from './adapter-presets';
export type { AdapterPresetName } from './adapter-presets';
export { AdapterType, isAdapterType } from './adapter-type';
export { applyConfigOverrides } from './apply-config-overrides';
export type { AdapterConfigOverrides } from './apply-config-overrides';
export { createBottleneckConfig } from './bottleneck-config';
export type {
  BottleneckConfig,
  BottleneckConfigOptions,
  BottleneckInitWeights,
  BottleneckScaling,
  HypercomplexNonlinearity,
  InvertibleAdapterType,
  PhmInit,
  ReductionFactor,
  ResidualBeforeLn,
} from './bottleneck-config';
export { bottleneckSize } from './bottleneck-size';
export { SIZE_LIMITS, assertTensorSize, type SizeLimitKind } from './size-limits';
export { parseAdapterConfigString } from './config-string';
export type { AdapterConfigStringPart } from './config-string';
export { createConfigUnion } from './config-union';
export type { ConfigUnion } from './config-union';
export { isAdapterConfig } from './is-adapter-config';
export { loadAdapterConfig } from './load-adapter-config';
export type { AdapterConfigSpecifier, AdapterPresetSpelling, CheckedAdapterConfigName } from './load-adapter-config';
export { createIA3Config, createLoRAConfig, IA3_DEFAULTS } from './lora-config';
export type { AttentionMatrix, LoRACompositionMode, LoRAConfig, LoRAConfigOptions, LoRAInitWeights } from './lora-config';
export { isKnownNonLinearity, NON_LINEARITIES } from './non-linearities';
export { createPrefixTuningConfig } from './prefix-tuning-config';
export type { PrefixTuningConfig, PrefixTuningConfigOptions } from './prefix-tuning-config';
export { createPromptTuningConfig, PROMPT_RANDOM_UNIFORM_SCALE } from './prompt-tuning-config';
export type { PromptCombine, PromptInit, PromptTuningConfig, PromptTuningConfigOptions } from './prompt-tuning-config';
export {
  ADAPTER_FUSION_PRESETS,
  DEFAULT_ADAPTER_FUSION_PRESET,
  adapterFusionConfigFromDict,
  adapterFusionConfigToDict,
  loadAdapterFusionConfig,
  type AdapterFusionConfig,
} from './fusion-config';
