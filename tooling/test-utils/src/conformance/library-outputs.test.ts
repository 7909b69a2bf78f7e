// Folders written by the Python `adapters` 1.2.0 library (its defaults: torch.save `.bin` weights, its own JSON)
// load here and reproduce the outputs the library computed for them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelWithHeads } from '@adapters/auto';
import { fileMapSource, initBackend, parseCompositionExpression, subSource, type FileSource } from '@adapters/core';
import { loadEncoder } from '@adapters/models';
import { dataRoot, libraryOutputsRoot } from '../paths';

interface LibraryCase {
  readonly case: string;
  readonly folder: string;
  readonly setup: {
    readonly adapters: ReadonlyArray<{ name: string }>;
    readonly fusion?: { adapters: string[] };
    readonly head?: { name: string };
    readonly active: unknown;
  };
}

const root = path.join(libraryOutputsRoot(), 'adapters-1.2.0');
const manifest = JSON.parse(readFileSync(path.join(root, 'cases.json'), 'utf8')) as {
  inputs: { input_ids: number[][]; attention_mask: number[][] };
  cases: LibraryCase[];
};
const ATOL = 1e-4;

function maxDifference(actual: tf.Tensor, expected: number[][] | number[][][]): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(actual, tf.tensor(expected as number[][], actual.shape)))).dataSync()[0]!);
}

describe('folders saved by adapters 1.2.0 (PyTorch .bin, the library JSON)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('lists the 14 library folders', () => {
    expect(manifest.cases.map((entry) => entry.folder).sort()).toEqual(readdirSync(root).filter((name) => name !== 'cases.json').sort());
  });

  // From folders, and from the whole tree held in memory as one file map (what a page has after fetching the files).
  const sources = { folder: undefined, 'file map': fileMapSource(filesUnder(root), 'library-outputs') };
  it.each(manifest.cases.flatMap((entry) => Object.entries(sources).map(([kind, source]) => [entry.case, kind, entry, source] as const)))('%s loads from a %s and matches the library outputs', async (_name, _kind, entry, source) => {
    const folder = path.join(root, entry.folder);
    const expected = JSON.parse(readFileSync(path.join(folder, 'expected_outputs.json'), 'utf8')) as { hidden: number[][][]; logits?: number[][] };
    await withLibraryCase(entry, source, async (model) => {
      const inputs = tf.tidy(() => ({
        inputIds: tf.tensor2d(manifest.inputs.input_ids, undefined, 'int32'),
        attentionMask: tf.tensor2d(manifest.inputs.attention_mask, undefined, 'int32'),
      }));
      const output = model.forward(inputs, { head: entry.setup.head?.name ?? null });
      try {
        expect(maxDifference(output.lastHiddenState, expected.hidden)).toBeLessThan(ATOL);
        if (expected.logits !== undefined) {
          expect(output.logits).toBeDefined();
          expect(maxDifference(output.logits!, expected.logits)).toBeLessThan(ATOL);
        }
      } finally {
        tf.dispose([...Object.values(inputs), output.lastHiddenState, output.poolerOutput, output.attentionMask, output.logits].filter((value): value is tf.Tensor => value !== undefined));
      }
    });
  });

  // The library wrote these with a backbone whose `name_or_path` is '' (model_name ''); ours is set the same way.
  it.each(manifest.cases.map((entry) => [entry.case, entry] as const))('%s: we write the same JSON files as the library', async (_name, entry) => {
    const folder = path.join(root, entry.folder);
    await withLibraryCase(entry, undefined, async (model) => {
      const output = await mkdtemp(path.join(os.tmpdir(), 'adapters-library-json-'));
      try {
        for (const adapter of entry.setup.adapters) {
          await model.saveAdapter(path.join(output, adapter.name), adapter.name);
          for (const file of ['adapter_config.json', 'head_config.json']) {
            if (!existsSync(path.join(folder, adapter.name, file))) continue;
            expect(await readFile(path.join(output, adapter.name, file), 'utf8'), `${adapter.name}/${file}`).toBe(await readFile(path.join(folder, adapter.name, file), 'utf8'));
          }
        }
        if (entry.setup.fusion !== undefined) {
          await model.saveAdapterFusion(path.join(output, 'fusion'), entry.setup.fusion.adapters.join(','));
          const file = 'adapter_fusion_config.json';
          expect(await readFile(path.join(output, 'fusion', file), 'utf8')).toBe(await readFile(path.join(folder, 'fusion', file), 'utf8'));
        }
      } finally {
        await rm(output, { recursive: true, force: true });
      }
    });
  });
});

/** Every file under `folder`, by its path relative to it ('/'-separated). */
function filesUnder(folder: string, prefix = ''): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(path.join(folder, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [name, bytes] of filesUnder(folder, relative)) files.set(name, bytes);
    else files.set(relative, new Uint8Array(readFileSync(path.join(folder, relative))));
  }
  return files;
}

/**
 * Builds bert-tiny-mlm with a case's adapters, fusion and head loaded from the library's folders (or the same
 * files in `tree`, a source holding the whole library-outputs folder), active as it was.
 */
async function withLibraryCase(entry: LibraryCase, tree: FileSource | undefined, use: (model: ModelWithHeads) => Promise<void>): Promise<void> {
  const folder = path.join(root, entry.folder);
  const open = (name: string): string | FileSource => (tree === undefined ? path.join(folder, name) : subSource(tree, `${entry.folder}/${name}`));
  const { model: encoder } = await loadEncoder(path.join(dataRoot(), 'models/bert-tiny-mlm'), { modelName: '' });
  const model = new ModelWithHeads(encoder);
  try {
    for (const adapter of entry.setup.adapters) await model.loadAdapter(open(adapter.name));
    if (entry.setup.fusion !== undefined) await model.loadAdapterFusion(open('fusion'));
    model.setActiveAdapters(parseCompositionExpression(entry.setup.active));
    await use(model);
  } finally {
    model.dispose();
    encoder.dispose();
  }
}
