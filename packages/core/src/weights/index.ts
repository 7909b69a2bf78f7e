export { MODEL_WEIGHTS_FILES, openModelWeights, type ModelWeights } from './model-weights';
export { findWeightsFile, isTorchWeightsFile, readTorchCheckpoint, readWeightsFile } from './read-weights-file';
