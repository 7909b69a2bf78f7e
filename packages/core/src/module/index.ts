export { ACTIVATION_NAMES, getActivation, type Activation } from './activations';
export { dropout } from './dropout';
export { Embedding } from './embedding';
export { initializers, setInitializerSeed, type Initializer } from './initializers';
export { LayerNorm, layerNormForward } from './layer-norm';
export { Linear, linearForward, type LinearOptions } from './linear';
export { Module, type LoadStateDictOptions, type LoadStateDictResult, type StateValue } from './module';
export type { Owned } from './owned';
export { tidyOutputs } from './tidy-outputs';
