import { DatasetFormatError, InvalidConfigError, NoSuchEntryError } from '@adapters/core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, glueFolder, temporaryFolder, writeFixture } from '../testing/test-support';
import { readGlueExamples } from './read-glue-examples';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

let root = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder: root, remove } = await temporaryFolder()));
afterAll(() => remove());

/** A task folder holding one file. */
async function taskFolder(name: string, file: string, content: string | Uint8Array): Promise<string> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  await writeFixture(folder, file, content);
  return folder;
}

describe('readGlueExamples: layouts', () => {
  it('reads MNLI matched and mismatched splits (texts in columns 9-10, gold label last)', async () => {
    const dataDir = path.join(fixtures, 'MNLI');
    const train = await readGlueExamples('MNLI', 'train', { dataDir });
    expect(train.examples).toHaveLength(4);
    expect(train.examples[3]).toEqual({ guid: 'train-3', textA: 'Children are "playing" outside.', textB: 'Kids are outdoors.', label: 'entailment', line: 5 });
    const dev = await readGlueExamples('mnli', 'dev', { dataDir });
    expect(dev.file).toBe(path.join(dataDir, 'dev_matched.tsv'));
    // label4 says neutral in every row; the gold label (last column) wins.
    expect(dev.examples.map((example) => [example.guid, example.label])).toEqual([['dev_matched-0', 'entailment'], ['dev_matched-1', 'contradiction'], ['dev_matched-2', 'neutral']]);
    const devMismatched = await readGlueExamples('mnli-mm', 'dev', { dataDir });
    expect(devMismatched.file).toBe(path.join(dataDir, 'dev_mismatched.tsv'));
    expect(devMismatched.examples[0]?.guid).toBe('dev_mismatched-0');
    const test = await readGlueExamples('mnli-mm', 'test', { dataDir });
    expect(test.examples.map((example) => [example.guid, example.textA, example.label])).toEqual([
      ['test_mismatched-0', 'A man plays a guitar.', null],
      ['test_mismatched-1', 'Children are "playing" outside.', null],
    ]);
  });

  it('reads QQP train and test, whose columns differ', async () => {
    const dataDir = path.join(fixtures, 'QQP');
    const train = await readGlueExamples('qqp', 'train', { dataDir });
    expect(train.examples[2]).toEqual({ guid: 'train-12', textA: 'What is "AI"?', textB: 'What does AI mean?', label: '1', line: 4 });
    const test = await readGlueExamples('QQP', 'test', { dataDir });
    expect(test.examples[1]).toEqual({ guid: 'test-1', textA: 'Why is the sky blue?', textB: 'How tall is Everest?', label: null, line: 3 });
  });

  it('rejects a split the task does not have, and an unknown split', async () => {
    expect(await caught(() => readGlueExamples('ax', 'train'))).toBeInstanceOf(NoSuchEntryError);
    expect(await caught(() => readGlueExamples('rte', 'validation' as never))).toBeInstanceOf(InvalidConfigError);
  });
});

describe('readGlueExamples: bad and unusual input', () => {
  it('reads fields with quotes verbatim, as csv.reader(quotechar=None) does', async () => {
    const dataDir = await taskFolder('quotes', 'train.tsv', 'sentence\tlabel\n"quoted start\t1\nan "inner" quote and a lone " mark\t0\n');
    const { examples } = await readGlueExamples('sst-2', 'train', { dataDir });
    expect(examples.map((example) => example.textA)).toEqual(['"quoted start', 'an "inner" quote and a lone " mark']);
  });

  it('strips a BOM before the header and reads CRLF line ends', async () => {
    const dataDir = await taskFolder('bom-crlf', 'dev.tsv', '\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t11\t12\tOne .\tUno .\r\n0\t13\t14\tTwo .\tDos .\r\n');
    const { examples } = await readGlueExamples('MRPC', 'dev', { dataDir });
    expect(examples).toEqual([
      { guid: 'dev-1', textA: 'One .', textB: 'Uno .', label: '1', line: 2 },
      { guid: 'dev-2', textA: 'Two .', textB: 'Dos .', label: '0', line: 3 },
    ]);
  });

  it('rejects a row with the wrong number of columns, naming file, line and the expected count', async () => {
    const dataDir = await taskFolder('columns', 'train.tsv', 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\tc\tnot_entailment\n');
    const error = await caught(() => readGlueExamples('rte', 'train', { dataDir }));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ file: path.join(dataDir, 'train.tsv'), line: 3 });
    expect((error as Error).message).toMatch(/found 3 tab-separated columns; expected 4 columns \(as in the header\) for RTE train/);
  });

  it('rejects an empty line inside the data and a headerless file with the wrong column count', async () => {
    const blank = await taskFolder('blank', 'dev.tsv', 'sentence\tlabel\nfine\t1\n\nmore\t0\n');
    expect(await caught(() => readGlueExamples('sst-2', 'dev', { dataDir: blank }))).toMatchObject({ line: 3, message: expect.stringMatching(/found an empty line; expected 2 columns/) });
    const cola = await taskFolder('cola-bad', 'train.tsv', 'gj04\t1\t\tGood sentence.\ngj04\t0\tBad sentence.\n');
    expect(await caught(() => readGlueExamples('cola', 'train', { dataDir: cola }))).toMatchObject({ line: 2, message: expect.stringMatching(/found 3 tab-separated columns; expected 4 columns for CoLA train$/) });
  });

  it('rejects an unknown label, listing the known ones', async () => {
    const dataDir = await taskFolder('label', 'train.tsv', 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\tc\td\tneutral\n');
    const error = await caught(() => readGlueExamples('qnli', 'train', { dataDir }));
    expect(error).toMatchObject({ code: 'dataset-format', line: 3 });
    expect((error as Error).message).toMatch(/unknown label "neutral"; expected one of "entailment", "not_entailment"/);
  });

  it('rejects a regression score that is not a finite number', async () => {
    const header = 'index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n';
    const dataDir = await taskFolder('stsb', 'train.tsv', `${header}0\tg\tf\ty\t0\tn\tn\tA.\tB.\t 3.800 \n1\tg\tf\ty\t1\tn\tn\tC.\tD.\tnan\n`);
    expect(await caught(() => readGlueExamples('sts-b', 'train', { dataDir }))).toMatchObject({ line: 3, message: expect.stringMatching(/label "nan" is not a number/) });
  });

  it('skips bad rows only when asked, and reports each skipped row', async () => {
    const dataDir = await taskFolder('skip', 'train.tsv', 'sentence\tlabel\ngood\t1\nno label column\nbad label\t2\nalso good\t0\n');
    const result = await readGlueExamples('sst2', 'train', { dataDir, invalidRows: 'skip' });
    expect(result.examples.map((example) => example.textA)).toEqual(['good', 'also good']);
    expect(result.skippedRows).toEqual([
      { line: 3, reason: 'found 1 tab-separated column; expected 2 columns (as in the header) for SST-2 train' },
      { line: 4, reason: 'unknown label "2"; expected one of "0", "1"' },
    ]);
    expect(await caught(() => readGlueExamples('sst2', 'train', { dataDir, invalidRows: 'ignore' as never }))).toBeInstanceOf(InvalidConfigError);
  });

  it('rejects an empty file, a header-only file and a header too short for the task', async () => {
    const empty = await taskFolder('empty', 'train.tsv', '');
    expect(await caught(() => readGlueExamples('wnli', 'train', { dataDir: empty }))).toMatchObject({ file: path.join(empty, 'train.tsv'), message: expect.stringMatching(/empty file; expected a header line and WNLI train rows/) });
    const headerOnly = await taskFolder('header-only', 'train.tsv', 'index\tsentence1\tsentence2\tlabel\n');
    expect(await caught(() => readGlueExamples('wnli', 'train', { dataDir: headerOnly }))).toMatchObject({ message: expect.stringMatching(/no data rows after the header/) });
    const short = await taskFolder('short-header', 'train.tsv', 'index\tsentence\n0\thello\n');
    expect(await caught(() => readGlueExamples('wnli', 'train', { dataDir: short }))).toMatchObject({ line: 1, message: expect.stringMatching(/header has 2 columns; expected at least 4/) });
  });

  it('names the missing file and what the folder holds (the shared MNLI folder has only a README)', async () => {
    const error = await caught(() => readGlueExamples('mnli', 'dev', { dataDir: glueFolder('MNLI') }));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ file: path.join(glueFolder('MNLI'), 'dev_matched.tsv') });
    expect((error as Error).message).toMatch(/missing file; expected MNLI dev data in dev_matched.tsv .* the folder holds README.txt/);
    const nowhere = await caught(() => readGlueExamples('rte', 'dev', { dataDir: path.join(root, 'does-not-exist') }));
    expect((nowhere as Error).message).toMatch(/the folder does not exist/);
  });
});
