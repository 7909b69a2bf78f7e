export { parseTorchCheckpoint } from './parse-torch-checkpoint';
export { findWeightsFile, isTorchWeightsFile, readTorchCheckpoint, readWeightsFile } from './read-weights-file';
