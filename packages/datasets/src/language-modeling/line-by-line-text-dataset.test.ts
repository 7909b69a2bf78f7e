import { DatasetFormatError } from '@adapters/core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoot } from '../data-root';
import { caught, sharedTokenizer, temporaryFolder, writeFixture } from '../testing/test-support';
import { loadLineByLineTextDataset, streamLineByLineText } from './line-by-line-text-dataset';

const tokenizer = sharedTokenizer('bert-base-uncased');
const LONG = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

describe('loadLineByLineTextDataset', () => {
  it("reads lines like Python's splitlines, skips blank ones and truncates to blockSize", async () => {
    const file = await writeFixture(folder, 'corpus.txt', `First line.\n\n   \t\nSecond line here\r\nthird\u2028fourth\n${LONG}\n`);
    const expectedLines = ['First line.', 'Second line here', 'third', 'fourth', LONG];
    for (const chunkBytes of [5, 1 << 20]) {
      const dataset = await loadLineByLineTextDataset(file, tokenizer, { blockSize: 16, chunkBytes });
      expect(dataset.linesRead).toBe(7);
      expect(dataset.blankLinesSkipped).toBe(2);
      expect(dataset.sequences.size).toBe(5);
      expectedLines.forEach((line, row) => {
        expect([...dataset.sequences.inputIdsAt(row)]).toEqual(tokenizer.encode(line, null, { truncation: 'longest_first', maxLength: 16 }).inputIds);
      });
      expect(dataset.sequences.lengthOf(4)).toBe(16);
      expect(tokenizer.decode([...dataset.sequences.inputIdsAt(0)])).toBe('[CLS] first line. [SEP]');
    }
  });

  it('streams the line number of each example and can stop early on a large file', async () => {
    const file = path.join(dataRoot(), 'text', 'wikitext-2-raw', 'wiki.test.raw');
    const lines: number[] = [];
    for await (const example of streamLineByLineText(file, tokenizer, { blockSize: 128 })) {
      expect(example.inputIds.length).toBeLessThanOrEqual(128);
      lines.push(example.line);
      if (lines.length === 200) break;
    }
    // The reconstructed file has CRLF line ends and no blank lines, so the examples are lines 1..200.
    expect(lines).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
  });

  it('rejects a file with no text, a missing file and a bad blockSize', async () => {
    const blank = await writeFixture(folder, 'blank.txt', '\n  \n\t\r\n');
    expect(await caught(() => loadLineByLineTextDataset(blank, tokenizer, { blockSize: 8 }))).toMatchObject({ file: blank, message: expect.stringMatching(/no text: 3 line\(s\)/) });
    const missing = path.join(folder, 'missing.txt');
    expect(await caught(() => loadLineByLineTextDataset(missing, tokenizer, { blockSize: 8 }))).toBeInstanceOf(DatasetFormatError);
    expect(await caught(() => loadLineByLineTextDataset(blank, tokenizer, { blockSize: 0 }))).toMatchObject({ code: 'invalid-config' });
  });
});
