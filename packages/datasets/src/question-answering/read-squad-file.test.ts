import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '@adapters/core';
import { dataRoot } from '../data-root';
import { splitEveryNth } from '../splitting/split-every-nth';
import { caught, temporaryFolder, writeFixture } from '../testing/test-support';
import { readSquadFile } from './read-squad-file';

let folder: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

const squad = (qas: unknown[], context = 'Denver Broncos won Super Bowl 50.'): string => JSON.stringify({ version: 'v2.0', data: [{ title: 'T', paragraphs: [{ context, qas }] }] });

describe('readSquadFile', () => {
  it('reads XQuAD en (SQuAD v1.1 layout): 48 articles, 240 paragraphs, 1,190 questions with one answer each; the article split is 991 / 199', async () => {
    const dataset = await readSquadFile(path.join(dataRoot(), 'squad', 'xquad.en.json'));
    expect([dataset.articles, dataset.paragraphs, dataset.examples.length]).toEqual([48, 240, 1190]);
    expect(dataset.examples.every((example) => example.answers.length === 1 && !example.isImpossible)).toBe(true);
    expect(dataset.examples[0]).toMatchObject({ id: '56beb4343aeaaa14008c925b', articleIndex: 0, answers: [{ text: '308', answerStart: 34 }] });
    const { train, dev } = splitEveryNth(dataset.examples, 5, (example) => example.articleIndex);
    expect([train.length, dev.length]).toEqual([991, 199]);
    expect([...new Set(dev.map((example) => example.articleIndex))]).toEqual([4, 9, 14, 19, 24, 29, 34, 39, 44]);
  });

  it('reads v2 unanswerable questions with no answers', async () => {
    const file = await writeFixture(folder, 'v2.json', squad([{ id: 'q', question: 'Who lost?', answers: [], is_impossible: true, plausible_answers: [{ text: 'Panthers', answer_start: 0 }] }]));
    expect((await readSquadFile(file)).examples[0]).toMatchObject({ id: 'q', answers: [], isImpossible: true });
  });

  it('names file and question id when an answer is not in the context at answer_start', async () => {
    const file = await writeFixture(folder, 'bad.json', squad([{ id: 'q1', question: 'Who won?', answers: [{ text: 'Broncos', answer_start: 0 }] }]));
    const error = await caught(() => readSquadFile(file));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect(error).toMatchObject({ code: 'dataset-format', file, id: 'q1', line: undefined });
    expect((error as Error).message).toBe(`${file} (id q1): answers[0].text "Broncos" is not in the context at answer_start 0 (found "Denver ")`);
    await expect(readSquadFile(await writeFixture(folder, 'dup.json', squad([{ id: 'a', question: '?', answers: [{ text: 'Denver', answer_start: 0 }] }, { id: 'a', question: '?', answers: [{ text: 'Denver', answer_start: 0 }] }])))).rejects.toMatchObject({ id: 'a', message: expect.stringContaining('duplicate') });
    await expect(readSquadFile(await writeFixture(folder, 'text.json', '{ not json'))).rejects.toBeInstanceOf(DatasetFormatError);
  });
});
