export { BottleneckAdapter, type AdapterForwardResult, type PreForwardResult } from './bottleneck/bottleneck-adapter';
export { composeBlock, composeSingle, setupTouches, type BottleneckEnvironment, type BottleneckState } from './bottleneck/bottleneck-composition';
export { GlowCoupling } from './invertible/glow-coupling';
export { NiceCoupling } from './invertible/nice-coupling';
export { PromptTuning } from './prompt/prompt-tuning';
export { LoRAModule } from './lora/lora-module';
export { composeLoRA, type LoRAEnvironment, type LoRAState } from './lora/lora-composition';
export { PrefixTuning, type PrefixShape } from './prefix/prefix-tuning';
export { AdapterEntry, BERT_ADAPTER_LAYOUT, LINEAR_PATHS, RESIDUAL_PATHS, adapterLayoutOf, locationKey, prefixShapeOf, type LocationKey } from './model/adapter-entry';
export { MergedLoRAModule } from './lora/merged-lora-module';
export { createAdapterHooks, type AdapterRegistryView } from './model/adapter-hooks';
export {
  AdapterModel,
  type AdapterConfigInput,
  type AdapterForwardOptions,
  type AddAdapterOptions,
} from './model/adapter-model';
export { ModelAdaptersConfig, type AdapterRecord, type AdapterTypeName } from './model/model-adapters-config';
export { formatAdapterSummary, type AdapterSummaryRow } from './model/adapter-summary';
export {
  ADAPTER_CONFIG_FILE,
  ADAPTER_TORCH_WEIGHTS_FILE,
  ADAPTER_WEIGHTS_FILE,
  LIBRARY_VERSION,
  adapterFiles,
  adapterStateDict,
  jsonFileBytes,
  loadAdapter,
  restoreAdapterWeights,
  saveAdapter,
  writeAdapterFiles,
  saveAllAdapters,
  type LoadAdapterOptions,
  type SaveAdapterOptions,
} from './io/adapter-files';
export { BertFusion } from './fusion/bert-fusion';
export { FusionEntry } from './fusion/fusion-entry';
export { FUSION_ATTENTIONS_SCRATCH, composeFuse } from './fusion/fuse-composition';
export { FUSION_CONFIG_FILE, FUSION_WEIGHTS_FILE, adapterFusionFiles, loadAdapterFusion, restoreFusionWeights, saveAdapterFusion, saveAllAdapterFusions } from './io/fusion-files';
export { modelClassFor } from './io/adapter-files';
export { isPeftFolder, loadPeftAdapter, peftAdapterFiles, savePeftAdapter } from './io/peft-files';
export { PEFT_WEIGHTS_FILE, isPeftConfig, libraryToPeft, peftToLibrary, type LibraryAdapter, type PeftAdapter } from './io/peft-format';
export type { AdapterFusionConfigInput } from './model/adapter-model';
