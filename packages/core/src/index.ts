export * from './errors/index';
export {
  LINEAR_SITES,
  type AdapterHooks,
  type AdapterHost,
  type AdapterLayout,
  type FusedLinearSite,
  type AdapterHostModel,
  type HostForwardOptions,
  type LayerRange,
  type AttentionPrefix,
  type EmbeddingHookCall,
  type EmbeddingHookResult,
  type HookContext,
  type LinearHookCall,
  type LinearParameters,
  type LinearSite,
  type PrefixHookCall,
  type ResidualHookCall,
  type ResidualSite,
} from './interfaces/adapter-host';
export type { Batch, FrozenLayerCacheOptions, TrainableModel } from './interfaces/trainable-model';
export type { HeadForwardOptions, HeadInputs, HeadLabels, HeadOutput, PredictionHead } from './interfaces/prediction-head';
export type {
  EncodeOptions,
  Encoding,
  PaddingStrategy,
  SpecialTokens,
  Tokenizer,
  TruncationStrategy,
} from './interfaces/tokenizer';
export * from './backend/index';
export * from './safetensors/index';
export * from './torch/index';
export * from './weights/index';
export * from './module/index';
export * from './io/index';
export * from './composition/index';
export * from './config/index';
export * from './format/index';
export * from './platform/index';
export * from './files/index';
