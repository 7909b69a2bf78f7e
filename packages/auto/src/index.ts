export { AutoAdapterModel, AutoModelWithHeads, type FromPretrainedOptions } from './auto-model-with-heads';
export { ModelWithHeads, type BranchOutput, type ModelWithHeadsForwardOptions, type ModelWithHeadsOutput } from './model-with-heads';
export { fillMask, predict, type PredictOptions, type Prediction } from './predict';
export { TrainableModelWithHeads, batchTensors } from './training/trainable-model-with-heads';
export * from './hub/index';
export { generate, type GenerateOptions, type GenerateResult } from './generation/generate';
export { TokenSampler, type SamplingOptions } from './generation/token-sampler';
export { decoderStaticHead, type DecoderStaticHead } from './decoder-static-heads';
