import { nodeModule } from '../platform/node-module';
// Node-side entry point for weight files: safetensors, or a PyTorch `.bin` read through the safe parser.
import { FileFormatError } from '../errors/file-format-error';
import { readSafetensors, type ReadSafetensorsOptions } from '../safetensors/read-safetensors';
import type { TensorData } from '../safetensors/tensor-data';
import { parseTorchCheckpoint } from '../torch/parse-torch-checkpoint';

const { access, readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/** Whether a weights file name is a PyTorch pickle (`pytorch_model.bin`, `pytorch_adapter.bin`, ...). */
export function isTorchWeightsFile(file: string): boolean {
  return file.endsWith('.bin') || file.endsWith('.pt') || file.endsWith('.pth');
}

/** Reads a PyTorch checkpoint file whole and parses it safely (`parseTorchCheckpoint`). */
export async function readTorchCheckpoint(file: string, options: ReadSafetensorsOptions = {}): Promise<Map<string, TensorData>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new FileFormatError({ file, message: `cannot read the PyTorch checkpoint (${error instanceof Error ? error.message : String(error)}).`, cause: error });
  }
  const tensors = parseTorchCheckpoint(bytes, file);
  if (options.filter !== undefined) {
    for (const name of [...tensors.keys()]) if (!options.filter(name)) tensors.delete(name);
  }
  return tensors;
}

/** The tensors of a `.safetensors` or PyTorch `.bin` file, chosen by the file name. */
export async function readWeightsFile(file: string, options: ReadSafetensorsOptions = {}): Promise<Map<string, TensorData>> {
  return isTorchWeightsFile(file) ? readTorchCheckpoint(file, options) : (await readSafetensors(file, options)).tensors;
}

/**
 * The first of `names` present in `folder` (list safetensors first: the library prefers it when both exist),
 * or undefined when none is.
 */
export async function findWeightsFile(folder: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const candidate = path.join(folder, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next name
    }
  }
  return undefined;
}
