export { BACKEND_CANDIDATES, type BackendCandidate, type BackendChoice } from './backend-candidates';
export { assertGradientsRegistered, gradientsRegistered, registerGradients } from './gradients';
export { initBackend, isBackendInstalled, type BackendReport, type InitBackendOptions } from './init-backend';
export { registerReductionGradients } from './reduction-gradients';
export { registerWasmTrainingKernels } from './wasm-training-kernels';
