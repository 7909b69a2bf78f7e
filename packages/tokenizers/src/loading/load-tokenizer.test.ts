import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptersError, TokenizerError } from '@adapters/core';
import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import { TINY_BPE_MERGES, TINY_BPE_VOCAB, TINY_WORDPIECE_VOCAB } from '../testing/tiny-vocabularies';
import { vocabFolder } from '../testing/test-paths';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';
import { loadTokenizer } from './load-tokenizer';
import { tokenizerFromJson } from './tokenizer-from-json';

const scratch = mkdtempSync(path.join(tmpdir(), 'adapters-tokenizers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folderWith(name: string, files: Readonly<Record<string, string>>): string {
  const folder = path.join(scratch, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, contents] of Object.entries(files)) writeFileSync(path.join(folder, file), contents);
  return folder;
}

function thrown(action: () => unknown): TokenizerError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenizerError);
    expect(AdaptersError.isInstance(error)).toBe(true);
    return error as TokenizerError;
  }
  throw new Error('expected a TokenizerError');
}

describe('loadTokenizer', () => {
  it('picks the class from the files present', () => {
    expect(loadTokenizer(vocabFolder('bert-base-uncased'))).toBeInstanceOf(BertTokenizer);
    expect(loadTokenizer(vocabFolder('bert-base-cased'))).toBeInstanceOf(BertTokenizer);
    const gpt2 = loadTokenizer(vocabFolder('gpt2'));
    expect(gpt2).toBeInstanceOf(ByteLevelBpeTokenizer);
    expect((gpt2 as ByteLevelBpeTokenizer).flavor).toBe('gpt2');
    const roberta = loadTokenizer(vocabFolder('roberta-base'));
    expect((roberta as ByteLevelBpeTokenizer).flavor).toBe('roberta');
    expect(roberta.modelMaxLength).toBe(512);
  });

  it('applies tokenizer_config.json (bert-base-cased keeps case)', () => {
    expect(loadTokenizer(vocabFolder('bert-base-cased')).tokenize('Hello')).toEqual(['Hello']);
  });

  it('prefers tokenizer.json over vocab.txt', () => {
    const json = readFileSync(path.join(vocabFolder('bert-base-uncased'), 'tokenizer.json'), 'utf8');
    const folder = folderWith('prefers-json', { 'tokenizer.json': json, 'vocab.txt': TINY_WORDPIECE_VOCAB });
    expect(loadTokenizer(folder).vocabSize).toBe(30522);
  });

  it('reads special_tokens_map.json and added_tokens.json', () => {
    const folder = folderWith('extras', {
      'vocab.txt': TINY_WORDPIECE_VOCAB,
      'special_tokens_map.json': JSON.stringify({ additional_special_tokens: ['<new>'] }),
      'added_tokens.json': JSON.stringify({ '<plain>': 31 }),
    });
    const tokenizer = loadTokenizer(folder);
    expect(tokenizer.tokenize('hello<new>world<plain>')).toEqual(['hello', '<new>', 'world', '<plain>']);
    const newId = tokenizer.tokenToId('<new>') ?? -1;
    expect(tokenizer.tokenToId('<plain>')).toBe(31);
    expect(tokenizer.decode([5, newId, 31], { skipSpecialTokens: true })).toBe('hello <plain>');
  });

  it('names the folder when no tokenizer files are there', () => {
    const folder = folderWith('empty', {});
    const error = thrown(() => loadTokenizer(folder));
    expect(error.file).toBe(folder);
    expect(error.message).toMatch(/expected tokenizer\.json, vocab\.txt, or vocab\.json with merges\.txt/);
    expect(thrown(() => loadTokenizer(path.join(scratch, 'missing'))).message).toMatch(/no tokenizer files/);
  });

  it('names a missing merges.txt', () => {
    const folder = folderWith('no-merges', { 'vocab.json': JSON.stringify(TINY_BPE_VOCAB) });
    const error = thrown(() => loadTokenizer(folder));
    expect(error.file).toBe(path.join(folder, 'merges.txt'));
    expect(error.message).toMatch(/file not found/);
  });

  it('names malformed JSON files', () => {
    const badTokenizer = folderWith('bad-tokenizer-json', { 'tokenizer.json': '{"model": ' });
    expect(thrown(() => loadTokenizer(badTokenizer)).message).toMatch(/tokenizer\.json: malformed JSON/);
    const badConfig = folderWith('bad-config', { 'vocab.txt': TINY_WORDPIECE_VOCAB, 'tokenizer_config.json': '{oops}' });
    expect(thrown(() => loadTokenizer(badConfig)).file).toBe(path.join(badConfig, 'tokenizer_config.json'));
    const badVocab = folderWith('bad-vocab', { 'vocab.json': '[', 'merges.txt': TINY_BPE_MERGES });
    expect(thrown(() => loadTokenizer(badVocab)).file).toBe(path.join(badVocab, 'vocab.json'));
  });

  it('names an unknown model type', () => {
    const folder = folderWith('word-level', { 'tokenizer.json': JSON.stringify({ model: { type: 'WordLevel', vocab: { a: 0 } } }) });
    const error = thrown(() => loadTokenizer(folder));
    expect(error.file).toBe(path.join(folder, 'tokenizer.json'));
    expect(error.message).toMatch(/model\.type: expected one of WordPiece, BPE, Unigram, received "WordLevel"/);
  });

  it('loads a byte-level BPE folder', () => {
    const folder = folderWith('tiny-bpe', {
      'vocab.json': JSON.stringify(TINY_BPE_VOCAB),
      'merges.txt': TINY_BPE_MERGES,
      'tokenizer_config.json': JSON.stringify({ tokenizer_class: 'GPT2Tokenizer', add_prefix_space: true, pad_token: '<pad>' }),
    });
    const tokenizer = loadTokenizer(folder) as ByteLevelBpeTokenizer;
    expect(tokenizer.flavor).toBe('gpt2');
    expect(tokenizer.tokenize('world')).toEqual(['Ġworld']);
    expect(tokenizer.specialTokens.pad).toBe('<pad>');
  });
});

describe('tokenizerFromJson', () => {
  it('builds from contents alone, with a raw tokenizer_config object', () => {
    const json = JSON.parse(readFileSync(path.join(vocabFolder('bert-base-uncased'), 'tokenizer.json'), 'utf8')) as unknown;
    const tokenizer = tokenizerFromJson(json, { do_lower_case: false });
    expect(tokenizer).toBeInstanceOf(BertTokenizer);
    expect(tokenizer.tokenize('Hello')).toEqual(['[UNK]']);
  });

  it('rejects non-objects and unknown model types', () => {
    expect(() => tokenizerFromJson('nope')).toThrow(/tokenizer\.json: \(root\): expected an object/);
    expect(() => tokenizerFromJson({ model: { type: 'WordLevel', vocab: {} } })).toThrow(/WordLevel/);
  });
});
