import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '@adapters/core';
import { temporaryFolder, writeFixture } from '../testing/test-support';
import { readLineBatches, readLines } from './read-lines';

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

async function collect(file: string, chunkBytes?: number): Promise<[number, string][]> {
  const lines: [number, string][] = [];
  for await (const line of readLines(file, { chunkBytes })) lines.push([line.lineNumber, line.text]);
  return lines;
}

describe('readLines', () => {
  it('splits like Python universal newlines, with a last line without a line end', async () => {
    const file = await writeFixture(folder, 'a.txt', 'first\r\nsecond\rthird\n\nlast');
    const expected: [number, string][] = [[1, 'first'], [2, 'second'], [3, 'third'], [4, ''], [5, 'last']];
    for (const chunkBytes of [1, 3, 1 << 20]) expect(await collect(file, chunkBytes)).toEqual(expected);
  });

  it('does not invent an empty line after a final line end', async () => {
    expect(await collect(await writeFixture(folder, 'b.txt', 'x\ny\n'))).toEqual([[1, 'x'], [2, 'y']]);
    expect(await collect(await writeFixture(folder, 'c.txt', ''))).toEqual([]);
    expect(await collect(await writeFixture(folder, 'd.txt', '\n'))).toEqual([[1, '']]);
  });

  it('keeps tabs and quotes untouched', async () => {
    expect(await collect(await writeFixture(folder, 'e.txt', 'a\t"b\tc"\t\n'))).toEqual([[1, 'a\t"b\tc"\t']]);
  });

  it('hands out batches whose line numbers continue across chunks', async () => {
    const file = await writeFixture(folder, 'f.txt', Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join('\n'));
    let expectedNext = 1;
    let batches = 0;
    for await (const batch of readLineBatches(file, { chunkBytes: 64 })) {
      expect(batch.firstLineNumber).toBe(expectedNext);
      expect(batch.lines[0]).toBe(`line ${expectedNext}`);
      expectedNext += batch.lines.length;
      batches += 1;
    }
    expect(expectedNext).toBe(101);
    expect(batches).toBeGreaterThan(1);
  });

  it('joins a line spread over many chunks (the carried piece is not re-split per chunk)', async () => {
    const long = 'x'.repeat(5000);
    const file = await writeFixture(folder, 'g.txt', `a\n${long}\nb${long}`);
    expect(await collect(file, 7)).toEqual([[1, 'a'], [2, long], [3, `b${long}`]]);
  });

  it('refuses a line longer than maxLineLength with a DatasetFormatError naming the file and line', async () => {
    const file = await writeFixture(folder, 'h.txt', `short\n${'y'.repeat(100)}\nlast`);
    for (const chunkBytes of [8, 1 << 20]) {
      const lines: string[] = [];
      const error = await (async () => {
        for await (const line of readLines(file, { chunkBytes, maxLineLength: 50 })) lines.push(line.text);
      })().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatasetFormatError);
      expect((error as DatasetFormatError).message).toMatch(/h\.txt:2: line longer than 50 characters/);
    }
    expect((await collect(file)).length).toBe(3);
  });
});
