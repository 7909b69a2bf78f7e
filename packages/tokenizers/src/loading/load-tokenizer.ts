import { TokenizerError } from '@adapters/core';
import { ByteLevelBpeTokenizer } from '../bpe/byte-level-bpe-tokenizer';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { BertTokenizer } from '../wordpiece/bert-tokenizer';
import { parseJsonText } from './json-fields';
import { fileExists, joinPath, readTextFile } from './node-file-system';
import { bertOptionsFromConfig, byteLevelOptionsFromConfig } from './options-from-config';
import { mergeSpecialTokensMap, normalizeTokenizerConfig, parseAddedTokensJson, type TokenizerConfig } from './tokenizer-config';
import { tokenizerFromJson } from './tokenizer-from-json';

/**
 * Loads a tokenizer from a Hugging Face model folder (Node only). The files decide the class:
 * tokenizer.json when present, else vocab.txt (BERT WordPiece), else vocab.json + merges.txt (byte-level BPE).
 * tokenizer_config.json, special_tokens_map.json and added_tokens.json are read when present.
 */
export function loadTokenizer(folder: string): PipelineTokenizer {
  const path = (name: string): string => joinPath(folder, name);
  const config = readConfig(folder);
  if (fileExists(path('tokenizer.json'))) {
    const file = path('tokenizer.json');
    return tokenizerFromJson(parseJsonText(readTextFile(file), file), config, file);
  }
  if (fileExists(path('vocab.txt'))) return loadBertTokenizer(folder, config);
  if (fileExists(path('vocab.json')) || fileExists(path('merges.txt'))) return loadByteLevelBpeTokenizer(folder, config);
  throw new TokenizerError({
    file: folder,
    message: 'no tokenizer files found; expected tokenizer.json, vocab.txt, or vocab.json with merges.txt',
  });
}

/** Loads a BERT WordPiece tokenizer from a folder with vocab.txt (and optional tokenizer_config.json). */
export function loadBertTokenizer(folder: string, config: TokenizerConfig = readConfig(folder)): BertTokenizer {
  const file = joinPath(folder, 'vocab.txt');
  return BertTokenizer.fromVocab(readTextFile(file), bertOptionsFromConfig(config), file);
}

/** Loads a byte-level BPE tokenizer (RoBERTa, GPT-2) from a folder with vocab.json and merges.txt. */
export function loadByteLevelBpeTokenizer(folder: string, config: TokenizerConfig = readConfig(folder)): ByteLevelBpeTokenizer {
  const vocab = joinPath(folder, 'vocab.json');
  const merges = joinPath(folder, 'merges.txt');
  return ByteLevelBpeTokenizer.fromVocabAndMerges(readTextFile(vocab), readTextFile(merges), byteLevelOptionsFromConfig(config), { vocab, merges });
}

/** tokenizer_config.json merged with special_tokens_map.json and added_tokens.json, each optional. */
export function readConfig(folder: string): TokenizerConfig {
  const read = (name: string): unknown => {
    const file = joinPath(folder, name);
    return fileExists(file) ? parseJsonText(readTextFile(file), file) : undefined;
  };
  const configFile = joinPath(folder, 'tokenizer_config.json');
  const configJson = read('tokenizer_config.json');
  let config = normalizeTokenizerConfig(configJson ?? {}, configFile);
  const specialTokensMap = read('special_tokens_map.json');
  if (specialTokensMap !== undefined) config = mergeSpecialTokensMap(config, specialTokensMap, joinPath(folder, 'special_tokens_map.json'));
  const addedTokensJson = read('added_tokens.json');
  if (addedTokensJson !== undefined) {
    config = { ...config, addedTokens: [...config.addedTokens, ...parseAddedTokensJson(addedTokensJson, joinPath(folder, 'added_tokens.json'))] };
  }
  return config;
}
