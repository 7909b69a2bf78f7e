import { nodeModule } from '../platform/node-module';
// The weights of an HF model folder in any of the layouts transformers writes, safetensors preferred.
import { FileFormatError } from '../errors/file-format-error';
import { readJsonFile } from '../io/read-json-file';
import { readSafetensorsHeader } from '../safetensors/read-safetensors';
import type { TensorData } from '../safetensors/tensor-data';
import { sourceFileName, type FileSource } from '../files/file-source';
import { folderPathOf, toFileSource } from '../files/folder-source';
import { readSourceJson } from '../files/read-source-file';
import { findWeightsFile, isTorchWeightsFile, readWeightsFile } from './read-weights-file';
import { parseWeightsBytes } from './source-weights';

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

/**
 * Opens the weights of an HF model folder (a path or any `FileSource`), or returns undefined when it has none of
 * `MODEL_WEIGHTS_FILES`. A folder on disk is read tensor by tensor; other sources are read whole.
 */
export async function openModelWeights(folderOrSource: string | FileSource): Promise<ModelWeights | undefined> {
  const source = toFileSource(folderOrSource);
  const folder = folderPathOf(source);
  if (folder === undefined) return openSourceWeights(source);
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

async function openSourceWeights(source: FileSource): Promise<ModelWeights | undefined> {
  for (const name of MODEL_WEIGHTS_FILES) {
    const bytes = await source.read(name);
    if (bytes === undefined) continue;
    const file = sourceFileName(source, name);
    if (name.endsWith('.index.json')) return openShardedSourceWeights(source, name);
    const tensors = parseWeightsBytes(bytes, file);
    return { file, keys: [...tensors.keys()], read: async (filter) => filtered(tensors, filter) };
  }
  return undefined;
}

/** `weight_map` of a sharded index: tensor name → shard file beside the index. */
function shardMap(index: unknown, indexFile: string): Map<string, string> {
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
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
  return shards;
}

/** Reads the shards that hold tensors `filter` accepts, one shard at a time, with `readShard`. */
function shardedWeights(file: string, shards: ReadonlyMap<string, string>, readShard: (shard: string, wanted: (name: string) => boolean) => Promise<Map<string, TensorData>>): ModelWeights {
  return {
    file,
    keys: [...shards.keys()],
    async read(filter) {
      const result = new Map<string, TensorData>();
      for (const shard of new Set(shards.values())) {
        const wanted = (name: string): boolean => shards.get(name) === shard && (filter === undefined || filter(name));
        if (![...shards.keys()].some(wanted)) continue;
        for (const [name, tensor] of await readShard(shard, wanted)) if (wanted(name)) result.set(name, tensor);
      }
      return result;
    },
  };
}

async function openShardedSourceWeights(source: FileSource, indexName: string): Promise<ModelWeights> {
  const indexFile = sourceFileName(source, indexName);
  const shards = shardMap(await readSourceJson(source, indexName), indexFile);
  return shardedWeights(indexFile, shards, async (shard) => {
    const bytes = await source.read(shard);
    const shardFile = sourceFileName(source, shard);
    if (bytes === undefined) throw new FileFormatError({ file: shardFile, message: `not found (a shard listed in ${indexFile})` });
    return parseWeightsBytes(bytes, shardFile);
  });
}

async function openShardedWeights(folder: string, indexFile: string): Promise<ModelWeights> {
  const shards = shardMap(await readJsonFile(indexFile), indexFile);
  return shardedWeights(indexFile, shards, (shard, wanted) => readWeightsFile(path.join(folder, shard), { filter: wanted }));
}

function filtered(tensors: ReadonlyMap<string, TensorData>, filter: ((name: string) => boolean) | undefined): Map<string, TensorData> {
  return new Map([...tensors].filter(([name]) => filter === undefined || filter(name)));
}
