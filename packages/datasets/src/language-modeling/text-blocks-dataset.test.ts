import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EncodeOptions, Tokenizer } from '@adapters/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoot } from '../data-root';
import { caught, sharedTokenizer, temporaryFolder, writeFixture } from '../testing/test-support';
import { loadTextBlocksDataset } from './text-blocks-dataset';

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

/** HF TextDataset on the whole text at once: tokenize, cut runs of blockSize − specials, wrap, drop the rest. */
function referenceBlocks(text: string, tokenizer: Tokenizer, blockSize: number, prefix: number[], suffix: number[]): number[][] {
  const ids = tokenizer.encode(text.replace(/\r\n?/g, '\n'), null, { addSpecialTokens: false }).inputIds;
  const content = blockSize - prefix.length - suffix.length;
  const blocks: number[][] = [];
  for (let start = 0; start + content <= ids.length; start += content) blocks.push([...prefix, ...ids.slice(start, start + content), ...suffix]);
  return blocks;
}

async function textPrefix(file: string, characters: number): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text.slice(0, text.indexOf('\n', characters) + 1);
}

describe('loadTextBlocksDataset', () => {
  it('equals whole-text tokenization for BERT on WikiText, cut into [CLS] … [SEP] blocks', async () => {
    const tokenizer = sharedTokenizer('bert-base-uncased');
    const text = await textPrefix(path.join(dataRoot(), 'text', 'wikitext-2', 'valid.txt'), 150_000);
    const file = await writeFixture(folder, 'wiki.txt', text);
    // Spy on the pieces the reader hands the tokenizer: the whole file arrives in one chunk, yet no piece may
    // exceed 64K characters (a tokenizer given megabytes at once can overflow the stack).
    const pieces: number[] = [];
    const spy: Tokenizer = Object.assign(Object.create(tokenizer) as Tokenizer, {
      encode: (text: string, pair?: string | null, options?: EncodeOptions) => {
        pieces.push(text.length);
        return tokenizer.encode(text, pair, options);
      },
    });
    const dataset = await loadTextBlocksDataset(file, spy, { blockSize: 128 });
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(65_536);
    const expected = referenceBlocks(text, tokenizer, 128, [101], [102]);
    expect(dataset.sequences.size).toBe(expected.length);
    expect(dataset.sequences.size).toBeGreaterThan(100);
    for (let row = 0; row < expected.length; row += 1) {
      const block = dataset.sequences.inputIdsAt(row);
      if (block.length !== 128 || !block.every((id, index) => id === expected[row]?.[index])) throw new Error(`block ${row} differs from whole-text tokenization`);
    }
    expect(dataset.tokensDropped).toBe(dataset.tokensRead - expected.length * 126);
    expect(dataset.tokensDropped).toBeLessThan(126);
  });

  it('equals whole-text tokenization for byte-level BPE across cut points with odd whitespace', async () => {
    const tokenizer = sharedTokenizer('gpt2');
    // Trailing spaces, blank lines, indentation and CRLF around line ends: only plain "x\ny" spots may be cut.
    const unit = 'Speak, man. \nFirst Citizen:\n\n  We are accounted poor citizens.\r\nAll:\nResolved. resolved.\n   \n';
    const text = unit.repeat(Math.ceil(70_000 / unit.length));
    const file = await writeFixture(folder, 'play.txt', text);
    const dataset = await loadTextBlocksDataset(file, tokenizer, { blockSize: 64 });
    const expected = referenceBlocks(text, tokenizer, 64, [], []);
    expect(dataset.sequences.size).toBe(expected.length);
    expect([...dataset.sequences.inputIds]).toEqual(expected.flat());
    // The test can fail: cutting inside a blank line changes the tokens ('\n\n' at the end of a piece is one
    // token, 628; before a word it is two, 198 198).
    const ids = (piece: string): readonly number[] => tokenizer.encode(piece, null, { addSpecialTokens: false }).inputIds;
    expect([...ids('Citizen:\n\n'), ...ids('We')]).not.toEqual(ids('Citizen:\n\nWe'));
  });

  it('rejects text shorter than one block and a blockSize that leaves no room', async () => {
    const tokenizer = sharedTokenizer('bert-base-uncased');
    const file = await writeFixture(folder, 'short.txt', 'just a few words\n');
    expect(await caught(() => loadTextBlocksDataset(file, tokenizer, { blockSize: 64 }))).toMatchObject({ code: 'dataset-format', message: expect.stringMatching(/4 token\(s\) of text; expected at least one block of 64 tokens/) });
    expect(await caught(() => loadTextBlocksDataset(file, tokenizer, { blockSize: 2 }))).toMatchObject({ code: 'invalid-config', message: expect.stringMatching(/2 special tokens/) });
    const exact = await loadTextBlocksDataset(file, tokenizer, { blockSize: 6 });
    expect([...exact.sequences.inputIds]).toEqual([101, ...tokenizer.encode('just a few words', null, { addSpecialTokens: false }).inputIds, 102]);
    expect(exact.tokensDropped).toBe(0);
  });
});
