import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '@adapters/core';
import { dataRoot } from '../data-root';
import { splitEveryNth } from '../splitting/split-every-nth';
import { caught, temporaryFolder, tinyTokenizer, writeFixture } from '../testing/test-support';
import { collateMultipleChoice, convertMultipleChoiceExamples, multipleChoiceLengths } from './multiple-choice-features';
import { parseCsvRecord } from './parse-csv-line';
import { readMultipleChoiceFile } from './read-multiple-choice-file';

let folder: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

const SWAG_HEADER = 'video-id,fold-ind,startphrase,sent1,sent2,gold-source,ending0,ending1,ending2,ending3,label';

describe('readMultipleChoiceFile', () => {
  it('reads the real CommonsenseQA dev file: 1,221 questions, 5 choices, answer keys A 239 B 255 C 241 D 251 E 235; the split is 977 / 244', async () => {
    const dataset = await readMultipleChoiceFile(path.join(dataRoot(), 'multiple-choice', 'commonsenseqa-dev_rand_split.jsonl'));
    expect([dataset.format, dataset.examples.length, dataset.numChoices]).toEqual(['commonsense_qa', 1221, 5]);
    const counts = [0, 0, 0, 0, 0];
    for (const example of dataset.examples) counts[example.label ?? 0] = (counts[example.label ?? 0] ?? 0) + 1;
    expect(counts).toEqual([239, 255, 241, 251, 235]);
    expect(dataset.examples[0]).toMatchObject({ id: '1afa02df02c908a558b4036e80242fac', endings: ['bank', 'library', 'department store', 'mall', 'new york'], label: 0 });
    const { train, dev } = splitEveryNth(dataset.examples, 5);
    expect([train.length, dev.length]).toEqual([977, 244]);
  });

  it('reads the 10 real SWAG rows (jsonl): context sent1, each ending prefixed with sent2', async () => {
    const dataset = await readMultipleChoiceFile(path.join(dataRoot(), 'multiple-choice', 'swag-sample.jsonl'));
    expect([dataset.format, dataset.examples.length, dataset.numChoices]).toEqual(['swag', 10, 4]);
    expect(dataset.examples.map((example) => example.label)).toEqual([0, 3, 1, 3, 0, 3, 0, 1, 3, 3]);
    expect(dataset.examples[0]?.endings[0]).toBe('A drum line passes by walking down the street playing their instruments.');
  });

  it('reads the SWAG CSV layout (quoted fields, any number of endings) and the original CommonsenseQA layout', async () => {
    const csv = await writeFixture(folder, 'val.csv', `${SWAG_HEADER}\nlsmdc1,7,"He sits, then","He sits, then",He,gold,"smiles ""wide""",waves,runs,"sleeps\nlong",2\n`);
    const dataset = await readMultipleChoiceFile(csv);
    expect(dataset.examples[0]).toEqual({ id: 'lsmdc1-7', context: 'He sits, then', endings: ['He smiles "wide"', 'He waves', 'He runs', 'He sleeps\nlong'], label: 2, line: 2 });
    const original = await writeFixture(folder, 'csqa.jsonl', `${JSON.stringify({ id: 'x', question: { stem: 'Where?', choices: [{ label: 'A', text: 'here' }, { label: 'B', text: 'there' }, { label: 'C', text: 'nowhere' }] }, answerKey: 'C' })}\n`);
    expect((await readMultipleChoiceFile(original)).examples[0]).toMatchObject({ context: 'Where?', endings: ['here', 'there', 'nowhere'], label: 2 });
  });

  it('names file and line for a SWAG row with a missing ending, a bad label, or another choice count', async () => {
    const rows = ['{"sent1":"a","sent2":"b","ending0":"c","ending1":"d","ending2":"e","ending3":"f","label":0}', '{"sent1":"a","sent2":"b","ending0":"c","ending1":"d","ending3":"f","label":0}'];
    const file = await writeFixture(folder, 'swag.jsonl', `${rows.join('\n')}\n`);
    const error = await caught(() => readMultipleChoiceFile(file));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ code: 'dataset-format', file, line: 2, message: expect.stringContaining('missing ending2') });
    const csv = await writeFixture(folder, 'bad.csv', `${SWAG_HEADER}\nv,1,s,s,s,gold,a,,c,d,0\n`);
    await expect(readMultipleChoiceFile(csv)).rejects.toMatchObject({ line: 2, message: expect.stringContaining('ending1 is missing or empty') });
    const label = await writeFixture(folder, 'label.jsonl', '{"sent1":"a","sent2":"b","ending0":"c","ending1":"d","label":7}\n');
    await expect(readMultipleChoiceFile(label)).rejects.toMatchObject({ line: 1, message: expect.stringContaining('label 7') });
    const counts = await writeFixture(folder, 'counts.jsonl', '{"sent1":"a","sent2":"b","ending0":"c","ending1":"d","label":0}\n{"sent1":"a","sent2":"b","ending0":"c","ending1":"d","ending2":"e","label":0}\n');
    await expect(readMultipleChoiceFile(counts)).rejects.toMatchObject({ line: 2 });
  });
});

describe('multiple-choice features', () => {
  it('encodes each choice as [CLS] context [SEP] ending [SEP] and collates examples × choices rows', () => {
    const examples = [
      { id: '1', context: 'the cat', endings: ['sat', 'ran .'], label: 1, line: 1 },
      { id: '2', context: 'a dog', endings: ['sat on a mat', 'ran'], label: 0, line: 2 },
    ];
    const features = convertMultipleChoiceExamples(examples, tinyTokenizer(), { maxSeqLength: 16 });
    expect(features.store.size).toBe(4);
    expect(Array.from(features.store.inputIdsAt(1))).toEqual([2, 5, 6, 3, 12, 13, 3]);
    expect(Array.from(features.store.tokenTypeIdsAt(1) ?? [])).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(multipleChoiceLengths(features))).toEqual([7, 9]);
    const batch = collateMultipleChoice(features, [1, 0], { padTokenId: 0 });
    expect(batch.shape).toEqual([4, 9]);
    expect(batch.labelShape).toEqual([2]);
    expect(Array.from(batch.labels ?? [])).toEqual([0, 1]);
  });

  it('parseCsvRecord handles quotes and open quoted fields', () => {
    expect(parseCsvRecord('a,"b,c","d ""e"""')).toEqual(['a', 'b,c', 'd "e"']);
    expect(parseCsvRecord('a,"b')).toBeUndefined();
  });
});
