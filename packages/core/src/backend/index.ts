export { BACKEND_CANDIDATES, BACKEND_CHOICES, type BackendCandidate, type BackendChoice } from './backend-candidates';
export { assertGradientsRegistered, gradientsRegistered, registerGradients } from './gradients';
export { initBackend, isBackendInstalled, type BackendReport, type InitBackendOptions } from './init-backend';
export { registerReductionGradients } from './reduction-gradients';
export { registerWasmTrainingKernels } from './wasm-training-kernels';
export { describeAdapter, prepareWebGpu, type WebGpuAdapterReport } from './webgpu-adapter';
export { declareFirstOutputGradient, variableGradsPruned } from './variable-grads-pruned';
export { untaped } from './untaped';
