import { FileFormatError, openModelWeights, sourceFileName, type FileSource, type ModelWeights } from '@adapters/core';


/** The folder's backbone weights (`model.safetensors`, `pytorch_model.bin`, or a sharded index), or a typed error. */
export async function requireModelWeights(source: FileSource): Promise<ModelWeights> {
  const weights = await openModelWeights(source);
  if (weights === undefined) {
    throw new FileFormatError({
      file: sourceFileName(source, 'model.safetensors'),
      message: 'not found; an HF model folder needs config.json and model.safetensors (or pytorch_model.bin, or a sharded index of either)',
    });
  }
  return weights;
}
