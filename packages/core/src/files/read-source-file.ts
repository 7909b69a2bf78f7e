import { FileFormatError } from '../errors/file-format-error';
import { sourceFileName, type FileSource } from './file-source';

// Keep a byte-order mark, as readFile(file, 'utf8') does: parsers see the same text from every source.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The UTF-8 text of `name`, or undefined when the source has no such file. */
export async function readSourceText(source: FileSource, name: string): Promise<string | undefined> {
  const bytes = await source.read(name);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

/**
 * Reads and parses a JSON file of a source; a missing file or bad JSON is a `FileFormatError` naming it
 * (the same messages as `readJsonFile` on a folder). A source's own failure (HTTP 500, ...) passes through.
 */
export async function readSourceJson(source: FileSource, name: string, missing = 'cannot be read (does it exist?)'): Promise<unknown> {
  const file = sourceFileName(source, name);
  let text: string | undefined;
  try {
    text = await readSourceText(source, name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'io') throw error;
    throw new FileFormatError({ file, message: missing, cause: error });
  }
  if (text === undefined) throw new FileFormatError({ file, message: missing });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FileFormatError({ file, message: `is not valid JSON (${(error as Error).message})`, cause: error });
  }
}
