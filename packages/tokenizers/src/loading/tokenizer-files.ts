import { TokenizerError, readSourceText, sourceFileName, type FileSource } from '@adapters/core';
import { fileExists, joinPath, readTextFile } from './node-file-system';

/** The files a tokenizer loader reads, synchronously: a folder on disk, or files fetched beforehand. */
export interface TokenizerFiles {
  /** The folder or source, for "no tokenizer files" errors. */
  readonly location: string;
  /** How errors name the file `name`. */
  path(name: string): string;
  has(name: string): boolean;
  /** The file's text; a missing file is a `TokenizerError` naming it. */
  read(name: string): string;
}

/** A folder on disk (Node only), read as the loaders always did. */
export function folderTokenizerFiles(folder: string): TokenizerFiles {
  const path = (name: string): string => joinPath(folder, name);
  return { location: folder, path, has: (name) => fileExists(path(name)), read: (name) => readTextFile(path(name)) };
}

/** Every file a tokenizer folder may hold, in the order the loaders look for them. */
const CONFIG_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'added_tokens.json'];
const MODEL_FILE_CHOICES: readonly (readonly string[])[] = [['tokenizer.json'], ['vocab.txt'], ['vocab.json', 'merges.txt']];

/**
 * Fetches the tokenizer files of a source (configs, then the first of tokenizer.json, vocab.txt, vocab.json +
 * merges.txt it has), so the synchronous loaders can run on them. `extra` names more files to fetch.
 */
export async function prefetchTokenizerFiles(source: FileSource, extra: readonly string[] = []): Promise<TokenizerFiles> {
  const texts = new Map<string, string>();
  const fetchAll = async (names: readonly string[]): Promise<boolean> => {
    const found = await Promise.all(names.map(async (name) => [name, await readSourceText(source, name)] as const));
    for (const [name, text] of found) if (text !== undefined) texts.set(name, text);
    return found.some(([, text]) => text !== undefined);
  };
  await fetchAll([...CONFIG_FILES, ...extra]);
  for (const names of MODEL_FILE_CHOICES) if (await fetchAll(names)) break;
  const path = (name: string): string => sourceFileName(source, name);
  return {
    location: source.location,
    path,
    has: (name) => texts.has(name),
    read(name) {
      const text = texts.get(name);
      if (text === undefined) throw new TokenizerError({ file: path(name), message: 'file not found' });
      return text;
    },
  };
}
