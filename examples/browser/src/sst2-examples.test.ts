import { AdaptersError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { sst2Examples } from './sst2-examples';

describe('sst2Examples (the first rows of an SST-2 train.tsv text)', () => {
  it("reads GLUE's sentence<TAB>label rows as HF's SST-2 processor: guid train-<line index>, no second text", () => {
    const text = '\uFEFFsentence\tlabel\r\nit \'s a charming journey \t1\r\n\r\na dull , simple-minded movie \t0\nmore\t1\n';
    expect(sst2Examples(text, 2)).toEqual([
      { guid: 'train-1', textA: "it 's a charming journey ", textB: null, label: '1', line: 2 },
      { guid: 'train-3', textA: 'a dull , simple-minded movie ', textB: null, label: '0', line: 4 },
    ]);
  });

  it('names the file and line of a bad header or row, and a file with too few rows', () => {
    const failure = (text: string, count: number): unknown => {
      try {
        sst2Examples(text, count, 'data/sst-2/train.tsv');
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const header = failure('text\tlabel\nfine\t1\n', 1);
    expect(AdaptersError.isInstance(header) && [header.code, header.message]).toEqual(['dataset-format', expect.stringMatching(/^data\/sst-2\/train\.tsv:1: expected the SST-2 header/)]);
    const row = failure('sentence\tlabel\nfine\t1\nno label here\n', 2);
    expect(AdaptersError.isInstance(row) && row.message).toBe('data/sst-2/train.tsv:3: expected a sentence, a tab and a label 0 or 1');
    const short = failure('sentence\tlabel\nfine\t1\n', 5);
    expect(AdaptersError.isInstance(short) && short.message).toBe('data/sst-2/train.tsv: found 1 sentence rows; the page asked for 5');
  });
});
