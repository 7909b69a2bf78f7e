// Hostile head_config.json values end in an invalid-config error naming the field, before anything is allocated.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdaptersError, InvalidConfigError } from '@adapters/core';
import { loadHead } from './load-head';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const context = { hiddenSize: 8, vocabSize: 16, layerNormEps: 1e-12, hiddenDropoutProb: 0, hasPooler: true };

async function headFolder(config: Record<string, unknown>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'adapters-head-bounds-'));
  folders.push(folder);
  const json = { config, hidden_size: 8, model_class: 'BertAdapterModel', model_name: null, model_type: 'bert', name: 'a', version: 'adapters.1.2.0' };
  await writeFile(path.join(folder, 'head_config.json'), JSON.stringify(json));
  // An empty safetensors file: the config must be refused before the weights matter.
  const header = Buffer.from('{}');
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(header.length));
  await writeFile(path.join(folder, 'model_head.safetensors'), Buffer.concat([size, header]));
  return folder;
}

describe('head config bounds', () => {
  it.each([
    ['layers', { head_type: 'classification', num_labels: 2, layers: 4294967296 }],
    ['num_labels', { head_type: 'classification', num_labels: 2147483648, layers: 1 }],
    ['num_labels', { head_type: 'tagging', num_labels: 1e9, layers: 1 }],
    ['num_choices', { head_type: 'multiple_choice', num_choices: 2 ** 40, layers: 1 }],
    ['vocab_size', { head_type: 'masked_lm', vocab_size: 2 ** 31, layers: 1 }],
    ['embedding_size', { head_type: 'causal_lm', embedding_size: 2 ** 31, layers: 1 }],
  ])('%s out of bounds is an InvalidConfigError naming the field (%j)', async (field, config) => {
    const started = Date.now();
    const error = await loadHead(await headFolder(config), context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(AdaptersError.isInstance(error) && error.code).toBe('invalid-config');
    expect((error as InvalidConfigError).path).toBe(field);
    expect((error as InvalidConfigError).message).toContain("head 'a'");
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
