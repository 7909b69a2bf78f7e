export { flattenAdapterNames, firstAdapter, lastAdapter } from './adapter-names';
export {
  ALLOWED_NESTINGS,
  describeAllowedChildren,
  isNestingAllowed,
  nestableKindOf,
  type NestableKind,
} from './allowed-nestings';
export { averageWeights, normalizeAverageWeights } from './average-weights';
export {
  Average,
  BatchSplit,
  Fuse,
  Parallel,
  Split,
  Stack,
  type AverageOptions,
  type BatchSplitOptions,
  type FuseOptions,
  type SplitOptions,
} from './block-constructors';
export {
  BLOCK_KINDS,
  LIBRARY_BLOCK_NAMES,
  isCompositionBlock,
  type AdapterSetup,
  type AverageBlock,
  type BatchSplitBlock,
  type BlockKind,
  type CompositionBlock,
  type FuseBlock,
  type LibraryBlockName,
  type ParallelBlock,
  type SplitBlock,
  type StackBlock,
} from './composition-block';
export {
  compositionToExpression,
  isCompositionExpression,
  parseCompositionExpression,
  type CompositionExpression,
} from './composition-expression';
export { describeSetup } from './describe-setup';
export { defaultFuseName, fuseName } from './fuse-name';
export { normalizeLegacyAdapterNames, parseLegacyAdapterNames } from './legacy-adapter-names';
export {
  compositionFromDict,
  compositionToDict,
  isLibraryDict,
  type LibraryBlockDict,
  type LibraryBlockKwargs,
  type LibraryChildDict,
  type LibrarySingleDict,
} from './library-dict';
export { PARALLEL_MODEL_TYPES, supportsParallel } from './parallel-model-types';
export { parseComposition, type ParseCompositionOptions } from './parse-composition';
export { validateSetup, type ValidateSetupOptions } from './validate-setup';
