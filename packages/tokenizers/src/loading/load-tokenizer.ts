import { TokenizerError, type FileSource } from '@adapters/core';
import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';
import { parseJsonText } from './json-fields';
import { bertOptionsFromConfig, byteLevelOptionsFromConfig } from './options-from-config';
import { mergeSpecialTokensMap, normalizeTokenizerConfig, parseAddedTokensJson, type TokenizerConfig } from './tokenizer-config';
import { folderTokenizerFiles, prefetchTokenizerFiles, type TokenizerFiles } from './tokenizer-files';
import { tokenizerFromJson } from './tokenizer-from-json';

/**
 * Loads a tokenizer from a Hugging Face model folder (Node only). The files decide the class:
 * tokenizer.json when present, else vocab.txt (BERT WordPiece), else vocab.json + merges.txt (byte-level BPE).
 * tokenizer_config.json, special_tokens_map.json and added_tokens.json are read when present.
 */
export function loadTokenizer(folder: string): PipelineTokenizer {
  return tokenizerFromFiles(folderTokenizerFiles(folder));
}

/**
 * `loadTokenizer` for a folder path or any `FileSource` (`fileMapSource`, `urlSource`): the same files, the
 * same choice of class, fetched first. Works in a browser.
 */
export async function loadTokenizerFrom(folderOrSource: string | FileSource): Promise<PipelineTokenizer> {
  if (typeof folderOrSource === 'string') return loadTokenizer(folderOrSource);
  return tokenizerFromFiles(await prefetchTokenizerFiles(folderOrSource));
}

/** The loader behind `loadTokenizer` and `loadTokenizerFrom`. */
export function tokenizerFromFiles(files: TokenizerFiles): PipelineTokenizer {
  const config = configFromFiles(files);
  if (files.has('tokenizer.json')) {
    const file = files.path('tokenizer.json');
    return tokenizerFromJson(parseJsonText(files.read('tokenizer.json'), file), config, file);
  }
  if (files.has('vocab.txt')) return bertTokenizerFromFiles(files, config);
  if (files.has('vocab.json') || files.has('merges.txt')) return byteLevelBpeTokenizerFromFiles(files, config);
  throw new TokenizerError({
    file: files.location,
    message: 'no tokenizer files found; expected tokenizer.json, vocab.txt, or vocab.json with merges.txt',
  });
}

/** Loads a BERT WordPiece tokenizer from a folder with vocab.txt (and optional tokenizer_config.json). */
export function loadBertTokenizer(folder: string, config: TokenizerConfig = readConfig(folder)): BertTokenizer {
  return bertTokenizerFromFiles(folderTokenizerFiles(folder), config);
}

function bertTokenizerFromFiles(files: TokenizerFiles, config: TokenizerConfig): BertTokenizer {
  return BertTokenizer.fromVocab(files.read('vocab.txt'), bertOptionsFromConfig(config), files.path('vocab.txt'));
}

/** Loads a byte-level BPE tokenizer (RoBERTa, GPT-2) from a folder with vocab.json and merges.txt. */
export function loadByteLevelBpeTokenizer(folder: string, config: TokenizerConfig = readConfig(folder)): ByteLevelBpeTokenizer {
  return byteLevelBpeTokenizerFromFiles(folderTokenizerFiles(folder), config);
}

function byteLevelBpeTokenizerFromFiles(files: TokenizerFiles, config: TokenizerConfig): ByteLevelBpeTokenizer {
  const vocab = files.path('vocab.json');
  const merges = files.path('merges.txt');
  return ByteLevelBpeTokenizer.fromVocabAndMerges(files.read('vocab.json'), files.read('merges.txt'), byteLevelOptionsFromConfig(config), { vocab, merges });
}

/** tokenizer_config.json merged with special_tokens_map.json and added_tokens.json, each optional. */
export function readConfig(folder: string): TokenizerConfig {
  return configFromFiles(folderTokenizerFiles(folder));
}

function configFromFiles(files: TokenizerFiles): TokenizerConfig {
  const read = (name: string): unknown => (files.has(name) ? parseJsonText(files.read(name), files.path(name)) : undefined);
  const configJson = read('tokenizer_config.json');
  let config = normalizeTokenizerConfig(configJson ?? {}, files.path('tokenizer_config.json'));
  const specialTokensMap = read('special_tokens_map.json');
  if (specialTokensMap !== undefined) config = mergeSpecialTokensMap(config, specialTokensMap, files.path('special_tokens_map.json'));
  const addedTokensJson = read('added_tokens.json');
  if (addedTokensJson !== undefined) {
    config = { ...config, addedTokens: [...config.addedTokens, ...parseAddedTokensJson(addedTokensJson, files.path('added_tokens.json'))] };
  }
  return config;
}
