export { MODEL_WEIGHTS_FILES, openModelWeights, type ModelWeights } from './model-weights';
export { findWeightsFile, isTorchWeightsFile, readTorchCheckpoint, readWeightsFile } from './read-weights-file';
export { parseWeightsBytes, readSourceWeights, type SourceWeights } from './source-weights';
