import { DatasetFormatError } from '@adapters/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, temporaryFolder, writeFixture } from '../testing/test-support';
import { readTextChunks, type ReadTextOptions } from './read-text-chunks';

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

async function readAll(file: string, options?: ReadTextOptions): Promise<string> {
  let text = '';
  for await (const chunk of readTextChunks(file, options)) text += chunk.text;
  return text;
}

describe('readTextChunks', () => {
  it('normalizes CRLF and lone CR to LF, also when a CRLF is split between chunks', async () => {
    const file = await writeFixture(folder, 'mixed.txt', 'one\r\ntwo\rthree\nfour\r\n\r\nfive\r');
    for (const chunkBytes of [1, 2, 3, 4, 5, 7, 1024]) {
      expect(await readAll(file, { chunkBytes })).toBe('one\ntwo\nthree\nfour\n\nfive\n');
    }
  });

  it('decodes multi-byte UTF-8 characters split across chunk boundaries', async () => {
    const text = 'naïve café — 東京 🙂 end\n';
    const file = await writeFixture(folder, 'utf8.txt', text);
    for (const chunkBytes of [1, 2, 3, 5]) expect(await readAll(file, { chunkBytes })).toBe(text);
  });

  it('strips a byte-order mark by default and keeps it on request', async () => {
    const file = await writeFixture(folder, 'bom.txt', '\ufeffheader\nrow\n');
    expect(await readAll(file, { chunkBytes: 2 })).toBe('header\nrow\n');
    expect(await readAll(file, { stripByteOrderMark: false })).toBe('\ufeffheader\nrow\n');
  });

  it('reports the line each chunk starts on', async () => {
    const file = await writeFixture(folder, 'lines.txt', 'a\nb\nc\nd\n');
    const starts: number[] = [];
    for await (const chunk of readTextChunks(file, { chunkBytes: 4 })) starts.push(chunk.firstLineNumber);
    expect(starts).toEqual([1, 3]);
  });

  it('rejects invalid UTF-8 naming the file and the line', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('good\nalso good\nbad '), 0xff, 0xfe, ...new TextEncoder().encode('\n')]);
    const file = await writeFixture(folder, 'latin1.txt', bytes);
    const error = await caught(() => readAll(file));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ file, line: 3 });
    expect((error as Error).message).toMatch(/invalid UTF-8/);
  });

  it('rejects a file that ends inside a character', async () => {
    const file = await writeFixture(folder, 'truncated.txt', new Uint8Array([0x61, 0x0a, 0xe6, 0x9d]));
    expect(await caught(() => readAll(file))).toMatchObject({ file, line: 2, message: expect.stringMatching(/ends inside a UTF-8 character/) });
  });

  it('rejects a missing file and a folder with a DatasetFormatError', async () => {
    const missing = `${folder}/nope.txt`;
    expect(await caught(() => readAll(missing))).toMatchObject({ code: 'dataset-format', file: missing, message: expect.stringMatching(/file not found/) });
    expect(await caught(() => readAll(folder))).toMatchObject({ code: 'dataset-format', message: expect.stringMatching(/is a folder/) });
  });
});
