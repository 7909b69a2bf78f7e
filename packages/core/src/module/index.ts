export { ACTIVATION_NAMES, geluExact, geluExactComposite, getActivation, type Activation } from './activations';
export { fusedGeluAvailable, GELU_GRAD_KERNEL, GELU_KERNEL, registerGeluGradient } from './gelu-kernel';
export { dropout } from './dropout';
export { clearDropoutSeed, nextDropoutSeed, seedDropout } from './dropout-seed';
export { Embedding } from './embedding';
export { initializers, setInitializerSeed, type Initializer } from './initializers';
export { LayerNorm, layerNormComposite, layerNormForward } from './layer-norm';
export { fusedLayerNormAvailable, LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, registerLayerNormKernels, type LayerNormAttrs } from './layer-norm-kernel';
export { Linear, linearComposite, linearForward, type LinearOptions } from './linear';
export { fusedLinearAvailable, LINEAR_KERNEL, registerLinearGradient } from './linear-kernel';
export { aleaState, DROPOUT_MASK_KERNEL, dropoutMultiplier, fusedDropoutMaskAvailable, type DropoutMaskKernelAttrs } from './dropout-mask';
export { Module, type LoadStateDictOptions, type LoadStateDictResult, type StateValue } from './module';
export type { Owned } from './owned';
export { tidyOutputs } from './tidy-outputs';
export { logSoftmax } from './log-softmax';
export {
  ATTENTION_DROPOUT_KERNEL,
  ATTENTION_GRAD_KERNEL,
  ATTENTION_KERNEL,
  attentionComposite,
  attentionCore,
  fusedAttentionAvailable,
  mergeHeads,
  registerAttentionGradient,
  splitHeads,
  type AttentionAttrs,
  type AttentionDropout,
  type AttentionFunction,
} from './attention-kernel';
export { ADAMW_KERNEL, fusedAdamWAvailable, type AdamWKernelAttrs } from './adamw-kernel';
