/**
 * Model types whose implementation supports the `Parallel` block: the library's `SUPPORTED_MODELS[Parallel]`
 * (adapters v1.2). Parallel needs every layer to replicate the batch, which each architecture wires separately.
 */
export const PARALLEL_MODEL_TYPES: readonly string[] = Object.freeze([
  'albert',
  'bert',
  'roberta',
  'distilbert',
  'deberta-v2',
  'deberta',
  'bart',
  'mbart',
  'mt5',
  'plbart',
  'gpt2',
  'gptj',
  't5',
  'vit',
  'xlm-roberta',
  'bert-generation',
  'llama',
  'mistral',
  'electra',
  'whisper',
  'xmod',
]);

/** Whether `Parallel` may be used with models of `modelType` (a `config.json` `model_type`). */
export function supportsParallel(modelType: string): boolean {
  return PARALLEL_MODEL_TYPES.includes(modelType);
}
