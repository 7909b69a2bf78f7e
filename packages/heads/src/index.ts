/** Package version, for diagnostics. */
export const VERSION = '0.0.0';

export { resolveDropoutRate, DEFAULT_INITIALIZER_RANGE } from './config/head-context';
export type { HeadContext, HeadSizes } from './config/head-context';
export { defaultLabel2id } from './config/config-fields';
export type { Label2Id } from './config/config-fields';
export { BUILT_IN_HEAD_TYPES, HEAD_DEFAULTS, isBuiltInHeadType, resolveHeadConfig } from './config/head-config';
export type {
  BuiltInHeadType,
  CausalLMHeadConfig,
  CausalLMHeadOptions,
  ClassificationHeadConfig,
  ClassificationHeadOptions,
  HeadConfig,
  HeadOptions,
  LabelOptions,
  MaskedLMHeadConfig,
  MaskedLMHeadOptions,
  MultiLabelClassificationHeadConfig,
  MultiLabelClassificationHeadOptions,
  MultipleChoiceHeadConfig,
  MultipleChoiceHeadOptions,
  QuestionAnsweringHeadConfig,
  QuestionAnsweringHeadOptions,
  TaggingHeadConfig,
  TaggingHeadOptions,
} from './config/head-config';
export { headConfigFromDict, headConfigToDict } from './config/head-config-dict';
export type { HeadConfigDict } from './config/head-config-dict';

export { IGNORE_INDEX, crossEntropyLoss } from './losses/cross-entropy';
export type { CrossEntropyOptions } from './losses/cross-entropy';
export { mseLoss } from './losses/mse-loss';
export { bceWithLogitsLoss } from './losses/bce-with-logits';
export { checkLabelTensor } from './losses/label-checks';
export type { ExpectedLabels, LabelDescription } from './losses/label-checks';

export { FlexHead } from './heads/flex-head';
export { TiedLinear } from './heads/tied-linear';
export { ClassificationHead } from './heads/classification-head';
export { MultiLabelClassificationHead } from './heads/multilabel-classification-head';
export { MultipleChoiceHead } from './heads/multiple-choice-head';
export { TaggingHead } from './heads/tagging-head';
export { QuestionAnsweringHead } from './heads/question-answering-head';
export { LanguageModelHead } from './heads/language-model-head';
export { BertStyleMaskedLMHead } from './heads/masked-lm-head';
export { CausalLMHead } from './heads/causal-lm-head';

export { HEAD_TYPES } from './registry/head-types';
export { HeadRegistry, createDefaultHeadRegistry, headRegistry } from './registry/head-registry';
export type { HeadFactory, RegisterHeadOptions } from './registry/head-registry';
export { createHead } from './registry/create-head';
export type { CustomHeadOptions } from './registry/create-head';

export {
  HEAD_CONFIG_FILE,
  HEAD_FILES_VERSION,
  HEAD_TORCH_WEIGHTS_FILE,
  HEAD_WEIGHTS_FILE,
  headFiles,
  headStateDict,
  readHeadFolder,
  saveHead,
  writeHeadFiles,
} from './io/head-files';
export type { HeadFileMeta, HeadFolder, SaveHeadMeta } from './io/head-files';
export { assertHeadConfigCompatible, loadHeadWeights } from './io/load-head-weights';
export type { LoadHeadWeightsOptions } from './io/load-head-weights';
export { renameHeadTensors } from './io/rename-head';
export { loadHead } from './io/load-head';
export type { LoadedHead, LoadHeadOptions } from './io/load-head';

export { STATIC_TO_FLEX_HEAD_MAP } from './static/static-to-flex-head-map';
export type { StaticHeadMapping } from './static/static-to-flex-head-map';
export { convertStaticHead } from './static/convert-static-head';
export type { ConvertedStaticHead, ConvertStaticHeadOptions } from './static/convert-static-head';
