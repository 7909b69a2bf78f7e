import { nodeModule } from '../platform/node-module';
// The weights of an HF model folder in any of the layouts transformers writes, safetensors preferred.
import { FileFormatError } from '../errors/file-format-error';
import { readJsonFile } from '../io/read-json-file';
import { readSafetensorsHeader } from '../safetensors/read-safetensors';
import type { TensorData } from '../safetensors/tensor-data';
import { findWeightsFile, isTorchWeightsFile, readWeightsFile } from './read-weights-file';

const path = nodeModule<typeof import('node:path')>('node:path');

/** In transformers' order of preference: safetensors before pickles, one file before shards. */
export const MODEL_WEIGHTS_FILES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'] as const;

export interface ModelWeights {
  /** The file that was chosen (the index file for sharded weights). */
  readonly file: string;
  /** Every tensor name, in file order. */
  readonly keys: readonly string[];
  /** Reads the tensors `filter` accepts (all when absent). */
  read(filter?: (name: string) => boolean): Promise<Map<string, TensorData>>;
}

/** Opens the weights of an HF model folder, or returns undefined when it has none of `MODEL_WEIGHTS_FILES`. */
export async function openModelWeights(folder: string): Promise<ModelWeights | undefined> {
  const file = await findWeightsFile(folder, MODEL_WEIGHTS_FILES);
  if (file === undefined) return undefined;
  if (file.endsWith('.index.json')) return openShardedWeights(folder, file);
  if (isTorchWeightsFile(file)) {
    // A pickle has no header to peek at: parse once and serve reads from the result.
    const tensors = await readWeightsFile(file);
    return { file, keys: [...tensors.keys()], read: async (filter) => filtered(tensors, filter) };
  }
  const header = await readSafetensorsHeader(file);
  return { file, keys: header.entries.map((entry) => entry.name), read: (filter) => readWeightsFile(file, { filter }) };
}

async function openShardedWeights(folder: string, indexFile: string): Promise<ModelWeights> {
  const index = (await readJsonFile(indexFile)) as { weight_map?: unknown };
  const weightMap = index.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new FileFormatError({ file: indexFile, field: 'weight_map', message: 'expected an object mapping tensor names to shard files' });
  }
  const shards = new Map<string, string>();
  for (const [name, shard] of Object.entries(weightMap)) {
    // Shards live beside the index; a path that leaves the folder is refused.
    if (typeof shard !== 'string' || shard.includes('/') || shard.includes('\\') || shard === '..') {
      throw new FileFormatError({ file: indexFile, field: `weight_map.${name}`, message: `expected a shard file name in this folder, got ${JSON.stringify(shard)}` });
    }
    shards.set(name, shard);
  }
  return {
    file: indexFile,
    keys: [...shards.keys()],
    async read(filter) {
      const result = new Map<string, TensorData>();
      for (const shard of new Set(shards.values())) {
        const wanted = (name: string): boolean => shards.get(name) === shard && (filter === undefined || filter(name));
        if (![...shards.keys()].some(wanted)) continue;
        for (const [name, tensor] of await readWeightsFile(path.join(folder, shard), { filter: wanted })) result.set(name, tensor);
      }
      return result;
    },
  };
}

function filtered(tensors: ReadonlyMap<string, TensorData>, filter: ((name: string) => boolean) | undefined): Map<string, TensorData> {
  return new Map([...tensors].filter(([name]) => filter === undefined || filter(name)));
}
