// loadTokenizerFrom: the same tokenizer as loadTokenizer(folder), from files in memory or behind a URL.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdaptersError, TokenizerError, fileMapSource, urlSource, type FileSource } from '@adapters/core';
import { startStaticFileServer, type StaticFileServer } from '@adapters/test-utils';
import { vocabFolder } from '../testing/test-paths';
import { loadTokenizer, loadTokenizerFrom } from './load-tokenizer';

const TEXT = "Hello, world! Don't panic: naïve tokenizers café 123.";

function fileMapOf(folder: string): FileSource {
  return fileMapSource(new Map(readdirSync(folder).map((name) => [name, new Uint8Array(readFileSync(path.join(folder, name)))])), folder);
}

let server: StaticFileServer;
beforeAll(async () => {
  server = await startStaticFileServer(path.dirname(vocabFolder('gpt2')), { prefix: '/vocab/' });
});
afterAll(() => server.close());

describe('loadTokenizerFrom', () => {
  // vocab.txt (+ tokenizer_config.json), tokenizer.json, vocab.json + merges.txt without any config
  for (const name of ['bert-base-cased', 'bert-base-uncased', 'gpt2', 'roberta-base'] as const) {
    it(`${name}: a file map and a URL give the folder's tokenizer (class, ids, offsets, special tokens)`, async () => {
      const expected = loadTokenizer(vocabFolder(name));
      for (const source of [fileMapOf(vocabFolder(name)), urlSource(`${server.base}${name}/`)]) {
        const loaded = await loadTokenizerFrom(source);
        expect(loaded.constructor).toBe(expected.constructor);
        expect(loaded.encode(TEXT, 'second segment', { addSpecialTokens: true })).toEqual(expected.encode(TEXT, 'second segment', { addSpecialTokens: true }));
        expect(loaded.specialTokens).toEqual(expected.specialTokens);
      }
    });
  }

  it('a URL source fetches only what it needs: configs, then the first tokenizer file found', async () => {
    const before = server.requests.length;
    await loadTokenizerFrom(urlSource(`${server.base}bert-base-uncased/`));
    const fetched = server.requests.slice(before).map((request) => request.slice(`/vocab/bert-base-uncased/`.length)).sort();
    expect(fetched).toEqual(['added_tokens.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
  });

  it('a path behaves as loadTokenizer', async () => {
    expect((await loadTokenizerFrom(vocabFolder('gpt2'))).encode(TEXT)).toEqual(loadTokenizer(vocabFolder('gpt2')).encode(TEXT));
  });

  it('no tokenizer files: the same TokenizerError as a folder, naming the source', async () => {
    const error = await loadTokenizerFrom(fileMapSource({ 'config.json': '{}' }, 'upload')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenizerError);
    expect(AdaptersError.isInstance(error) && error.code).toBe('tokenizer');
    expect((error as Error).message).toContain('upload');
    expect((error as Error).message).toContain('no tokenizer files found; expected tokenizer.json, vocab.txt, or vocab.json with merges.txt');
  });

  it('vocab.json without merges.txt: a TokenizerError naming the missing URL', async () => {
    const error = await loadTokenizerFrom(fileMapSource({ 'vocab.json': '{"a": 0}' }, 'https://example.test/m/')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as Error).message).toContain('https://example.test/m/merges.txt');
    expect((error as Error).message).toContain('file not found');
  });
});
