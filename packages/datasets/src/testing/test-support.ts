// Test-only helpers (not exported): shared data paths, tokenizers, temp folders.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BertTokenizer, loadBertTokenizer, loadTokenizer } from '@adapters/tokenizers';
import type { Tokenizer } from '@adapters/core';
import { dataRoot } from '../data-root';

const cache = new Map<string, Tokenizer>();

/** A real tokenizer from `<data>/vocab/<name>`, loaded once per test file. */
export function sharedTokenizer(name: 'bert-base-uncased' | 'bert-base-cased' | 'gpt2' | 'roberta-base'): Tokenizer {
  let tokenizer = cache.get(name);
  if (tokenizer === undefined) {
    const folder = path.join(dataRoot(), 'vocab', name);
    tokenizer = name.startsWith('bert') ? loadBertTokenizer(folder) : loadTokenizer(folder);
    cache.set(name, tokenizer);
  }
  return tokenizer;
}

/** A 40-entry WordPiece vocab, ids = line numbers: small enough to reason about masks by hand. */
export const TINY_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', 'ran', '.', ',',
  'un', '##aff', '##able', 'play', '##ing', '##ed', 'run', '##ner', 'hello', 'world',
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'is', 'was', 'good', 'bad', '!',
];

export function tinyTokenizer(): Tokenizer {
  return BertTokenizer.fromVocab(TINY_VOCAB.join('\n'));
}

/** A fresh temp folder; call the returned `remove` in afterEach/afterAll. */
export async function temporaryFolder(): Promise<{ folder: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'adapters-datasets-'));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** Writes `content` (text, or raw bytes) to `folder/name` and returns the path. */
export async function writeFixture(folder: string, name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
}

/** The GLUE folder of a task in the shared data. */
export function glueFolder(folder: string): string {
  return path.join(dataRoot(), 'glue', folder);
}

/** Catches what `action` throws (sync or async), for asserting on error fields. */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}
