import { nodeModule } from '../platform/node-module';
import { FileFormatError } from '../errors/file-format-error';

const { readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');

/** Reads and parses a JSON file; a missing file or bad JSON is a `FileFormatError` naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileFormatError({ file, message: 'cannot be read (does it exist?)', cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FileFormatError({ file, message: `is not valid JSON (${(error as Error).message})`, cause: error });
  }
}
