export { parseTorchCheckpoint } from './parse-torch-checkpoint';
