import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '@adapters/core';
import { dataRoot } from '../data-root';
import { caught, temporaryFolder, writeFixture } from '../testing/test-support';
import { labelListOf } from './iob-tags';
import { readConllFile } from './read-conll-file';

let folder: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

describe('readConllFile', () => {
  // Sentences, -DOCSTART- documents and word lines of the original files (conll2003/SOURCES.md, the CoNLL-2003 paper).
  it.each([
    ['eng.train', 14041, 946, 203621],
    ['eng.testa', 3250, 216, 51362],
    ['eng.testb', 3453, 231, 46435],
  ])('reads the real %s: %i sentences, %i documents, %i tokens, the 9 IOB2 labels', async (file, sentences, documents, tokens) => {
    const dataset = await readConllFile(path.join(dataRoot(), 'conll2003', file));
    expect([dataset.sentences.length, dataset.documents, dataset.tokens]).toEqual([sentences, documents, tokens]);
    expect(labelListOf(dataset.sentences)).toEqual(['B-LOC', 'B-MISC', 'B-ORG', 'B-PER', 'I-LOC', 'I-MISC', 'I-ORG', 'I-PER', 'O']);
  });

  it('converts IOB1 to IOB2 (EU rejects German call ... in the first sentence of eng.train)', async () => {
    const { sentences } = await readConllFile(path.join(dataRoot(), 'conll2003', 'eng.train'));
    expect(sentences[0]).toEqual({
      words: ['EU', 'rejects', 'German', 'call', 'to', 'boycott', 'British', 'lamb', '.'],
      tags: ['B-ORG', 'O', 'B-MISC', 'O', 'O', 'O', 'B-MISC', 'O', 'O'],
      line: 3,
    });
    expect(sentences[1]?.tags).toEqual(['B-PER', 'I-PER']);
  });

  it('names file and line for a word line with the wrong column count or a bad tag', async () => {
    const file = await writeFixture(folder, 'bad.conll', '-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ O\n');
    const error = await caught(() => readConllFile(file));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ code: 'dataset-format', file, line: 4 });
    expect((error as Error).message).toContain('found 3 space-separated column(s); expected 4');
    const badTag = await writeFixture(folder, 'tag.conll', 'EU NNP I-NP ORG\n');
    await expect(readConllFile(badTag)).rejects.toMatchObject({ line: 1, message: expect.stringContaining('expected O, B-<type> or I-<type>') });
    await expect(readConllFile(await writeFixture(folder, 'empty.conll', '-DOCSTART- -X- O O\n\n'))).rejects.toBeInstanceOf(DatasetFormatError);
  });

  it('keeps IOB2 files as they are and reads other column layouts', async () => {
    const file = await writeFixture(folder, 'two.conll', 'Anna I-PER\nBerlin I-LOC\n\nx O\n');
    expect((await readConllFile(file, { columns: 2, scheme: 'iob2' })).sentences.map((sentence) => sentence.tags)).toEqual([['I-PER', 'I-LOC'], ['O']]);
    expect((await readConllFile(file, { columns: 2 })).sentences[0]?.tags).toEqual(['B-PER', 'B-LOC']);
  });
});
