import { FileFormatError, nodeModule, openModelWeights, type ModelWeights } from '@adapters/core';

const path = nodeModule<typeof import('node:path')>('node:path');

/** The folder's backbone weights (`model.safetensors`, `pytorch_model.bin`, or a sharded index), or a typed error. */
export async function requireModelWeights(folder: string): Promise<ModelWeights> {
  const weights = await openModelWeights(folder);
  if (weights === undefined) {
    throw new FileFormatError({
      file: path.join(folder, 'model.safetensors'),
      message: 'not found; an HF model folder needs config.json and model.safetensors (or pytorch_model.bin, or a sharded index of either)',
    });
  }
  return weights;
}
