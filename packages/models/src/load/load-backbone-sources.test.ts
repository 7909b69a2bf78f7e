// loadBackbone from a FileSource: every weights layout, encoders and decoders, the same weights as from the folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError, fileMapSource, parseSafetensors, serializeSafetensors } from '@adapters/core';
import { fixturesRoot } from '@adapters/test-utils';
import { loadBackbone, type Backbone } from './load-backbone';

const backbones = path.join(fixturesRoot(), '_backbones');

function filesOf(name: string): Map<string, Uint8Array> {
  const folder = path.join(backbones, name);
  return new Map(readdirSync(folder).map((file) => [file, new Uint8Array(readFileSync(path.join(folder, file)))]));
}

async function expectSameWeights(loaded: Backbone, folderName: string): Promise<void> {
  const { model: expected } = await loadBackbone(path.join(backbones, folderName));
  try {
    const want = expected.stateDict();
    const got = loaded.stateDict();
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [key, variable] of got) expect(Array.from(variable.dataSync()), key).toEqual(Array.from(want.get(key)!.dataSync()));
  } finally {
    expected.dispose();
  }
}

/** bert-tiny-a's model.safetensors split into two shards with a model.safetensors.index.json. */
function shardedFiles(): Map<string, Uint8Array> {
  const files = filesOf('bert-tiny-a');
  const { tensors } = parseSafetensors(files.get('model.safetensors')!);
  files.delete('model.safetensors');
  const keys = [...tensors.keys()];
  const weightMap: Record<string, string> = {};
  for (const [index, shard] of [keys.slice(0, keys.length / 2), keys.slice(keys.length / 2)].entries()) {
    const file = `model-0000${index + 1}-of-00002.safetensors`;
    files.set(file, serializeSafetensors(new Map(shard.map((key) => [key, tensors.get(key)!])), { format: 'pt' }));
    for (const key of shard) weightMap[key] = file;
  }
  files.set('model.safetensors.index.json', new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map: weightMap })));
  return files;
}

describe('loadBackbone(source)', () => {
  it('model.safetensors, pytorch_model.bin (the safe pickle reader) and a sharded index, from file maps', async () => {
    for (const [files, weightsFile] of [
      [filesOf('bert-tiny-a'), 'memory/model.safetensors'],
      [filesOf('bert-tiny-a-bin'), 'memory/pytorch_model.bin'],
      [shardedFiles(), 'memory/model.safetensors.index.json'],
    ] as const) {
      const { model, weightsFile: used } = await loadBackbone(fileMapSource(files, 'memory'));
      try {
        expect(used).toBe(weightsFile);
        await expectSameWeights(model, 'bert-tiny-a');
      } finally {
        model.dispose();
      }
    }
  });

  it('GPT-2 and Llama decoders from file maps', async () => {
    for (const name of ['gpt2-tiny-a', 'llama-tiny-a']) {
      const { model } = await loadBackbone(fileMapSource(filesOf(name)));
      try {
        await expectSameWeights(model, name);
      } finally {
        model.dispose();
      }
    }
  });

  it('a shard the index names but the source lacks: a FileFormatError naming both', async () => {
    const files = shardedFiles();
    files.delete('model-00002-of-00002.safetensors');
    const error = await loadBackbone(fileMapSource(files, 'memory')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toBe('memory/model-00002-of-00002.safetensors: not found (a shard listed in memory/model.safetensors.index.json)');
  });
});
