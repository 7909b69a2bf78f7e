import type * as NodeFileSystem from 'node:fs';
import { TokenizerError } from '@adapters/core';

interface ProcessWithBuiltins {
  readonly getBuiltinModule?: (id: string) => unknown;
}

/**
 * `node:fs`, fetched at call time with `process.getBuiltinModule` so that importing this package never pulls
 * Node built-ins into a browser bundle; only the folder loaders need it.
 */
export function nodeFileSystem(): typeof NodeFileSystem {
  const process = (globalThis as { process?: ProcessWithBuiltins }).process;
  const fileSystem = process?.getBuiltinModule?.('node:fs') as typeof NodeFileSystem | undefined;
  if (fileSystem === undefined) {
    throw new TokenizerError({
      message: 'loading from a folder needs Node.js >= 20.16; elsewhere build from contents (fromTokenizerJson, fromVocab, fromVocabAndMerges)',
    });
  }
  return fileSystem;
}

/** Reads a UTF-8 file; a missing or unreadable file is a TokenizerError naming it. */
export function readTextFile(path: string): string {
  try {
    return nodeFileSystem().readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof TokenizerError) throw error;
    const code = (error as { code?: string }).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot read the file (${(error as Error).message})`;
    throw new TokenizerError({ file: path, message, cause: error });
  }
}

export function fileExists(path: string): boolean {
  return nodeFileSystem().existsSync(path);
}

/** Joins a folder and a file name with '/', which Node accepts on every platform. */
export function joinPath(folder: string, name: string): string {
  return `${folder.replace(/[\\/]+$/u, '')}/${name}`;
}
