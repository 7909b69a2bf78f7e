// Weights files of any FileSource: streamed from disk for a folder, parsed from bytes otherwise.
import { sourceFileName, type FileSource } from '../files/file-source';
import { folderPathOf } from '../files/folder-source';
import { parseSafetensors } from '../safetensors/parse-safetensors';
import type { TensorData } from '../safetensors/tensor-data';
import { parseTorchCheckpoint } from '../torch/parse-torch-checkpoint';
import { findWeightsFile, isTorchWeightsFile, readWeightsFile } from './read-weights-file';

/** The tensors of a weights file held in memory: a PyTorch pickle (read safely) or safetensors, by the name. */
export function parseWeightsBytes(bytes: Uint8Array, file: string): Map<string, TensorData> {
  return isTorchWeightsFile(file) ? parseTorchCheckpoint(bytes, file) : parseSafetensors(bytes, file).tensors;
}

export interface SourceWeights {
  /** The name in the source that was read. */
  readonly name: string;
  /** How errors name it (path or URL). */
  readonly file: string;
  readonly tensors: Map<string, TensorData>;
}

/**
 * The first of `names` the source has (list safetensors first: the library prefers it when both exist), read
 * whole; undefined when it has none.
 */
export async function readSourceWeights(source: FileSource, names: readonly string[]): Promise<SourceWeights | undefined> {
  const folder = folderPathOf(source);
  if (folder !== undefined) {
    const file = await findWeightsFile(folder, names);
    if (file === undefined) return undefined;
    const name = names.find((candidate) => sourceFileName(source, candidate) === file) ?? file;
    return { name, file, tensors: await readWeightsFile(file) };
  }
  for (const name of names) {
    const bytes = await source.read(name);
    if (bytes === undefined) continue;
    const file = sourceFileName(source, name);
    return { name, file, tensors: parseWeightsBytes(bytes, file) };
  }
  return undefined;
}
