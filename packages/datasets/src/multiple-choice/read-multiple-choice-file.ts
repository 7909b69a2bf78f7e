import { DatasetFormatError, InvalidConfigError, nodeModule } from '@adapters/core';
import { readLines } from '../io/read-lines';
import type { MultipleChoiceDataset, MultipleChoiceExample } from './multiple-choice-example';
import { parseCsvRecord } from './parse-csv-line';

const path = nodeModule<typeof import('node:path')>('node:path');

export type MultipleChoiceFormat = 'swag' | 'commonsense_qa';

export interface ReadMultipleChoiceOptions {
  /** Default: from the file (CommonsenseQA rows have `choices`; SWAG rows `ending0`...; `.csv` is SWAG). */
  readonly format?: MultipleChoiceFormat | 'auto';
}

/**
 * Reads SWAG (the original CSV with its header, or jsonl rows with `sent1, sent2, ending0..N, label`) or
 * CommonsenseQA jsonl (the HF export `{ id, question, choices: { label, text }, answerKey }`, or the original
 * `{ id, question: { stem, choices: [{ label, text }] }, answerKey }`). Any number of choices, the same in every
 * row. A missing or empty ending, a bad label or a row with another choice count throws a `DatasetFormatError`
 * naming the file and line.
 */
export async function readMultipleChoiceFile(file: string, options: ReadMultipleChoiceOptions = {}): Promise<MultipleChoiceDataset> {
  const requested = options.format ?? 'auto';
  if (!['auto', 'swag', 'commonsense_qa'].includes(requested)) throw new InvalidConfigError({ path: 'format', expected: "'auto', 'swag' or 'commonsense_qa'", received: requested });
  const csv = path.extname(file).toLowerCase() === '.csv';
  const examples: MultipleChoiceExample[] = [];
  let format: MultipleChoiceFormat | undefined = requested === 'auto' ? (csv ? 'swag' : undefined) : requested;
  let header: string[] | undefined;
  let pending = '';
  let pendingLine = 0;
  for await (const { text, lineNumber } of readLines(file)) {
    if (csv) {
      // A quoted field may hold a line break: join lines until the record is complete.
      if (pending === '') pendingLine = lineNumber;
      const record = parseCsvRecord(pending === '' ? text.replace(/^\uFEFF/, '') : `${pending}\n${text}`);
      if (record === undefined) {
        pending = pending === '' ? text : `${pending}\n${text}`;
        continue;
      }
      pending = '';
      if (header === undefined) {
        header = record;
        continue;
      }
      if (record.length === 1 && record[0] === '') continue;
      if (record.length !== header.length) throw new DatasetFormatError({ file, line: pendingLine, message: `found ${record.length} columns; expected ${header.length} as in the header` });
      const row = Object.fromEntries(header.map((name, index) => [name, record[index]]));
      examples.push(swagExample(file, pendingLine, row, examples.length));
      continue;
    }
    if (text.trim() === '') continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    } catch (error) {
      throw new DatasetFormatError({ file, line: lineNumber, message: `not a JSON object (${(error as Error).message})` });
    }
    if (typeof row !== 'object' || row === null) throw new DatasetFormatError({ file, line: lineNumber, message: 'expected one JSON object per line' });
    format ??= 'choices' in row || typeof row.question === 'object' ? 'commonsense_qa' : 'swag';
    examples.push(format === 'swag' ? swagExample(file, lineNumber, row, examples.length) : commonsenseQaExample(file, lineNumber, row));
  }
  if (pending !== '') throw new DatasetFormatError({ file, line: pendingLine, message: 'a quoted field is never closed' });
  if (examples.length === 0) throw new DatasetFormatError({ file, message: 'no examples' });
  const numChoices = examples[0]?.endings.length ?? 0;
  for (const example of examples) {
    if (example.endings.length !== numChoices) {
      throw new DatasetFormatError({ file, line: example.line, message: `${example.endings.length} choices; expected ${numChoices} as in the first row (one multiple-choice head scores a fixed number)` });
    }
  }
  return { file, format: format ?? 'swag', examples, numChoices };
}

function swagExample(file: string, line: number, row: Record<string, unknown>, index: number): MultipleChoiceExample {
  const text = (name: string): string => {
    const value = row[name];
    if (typeof value !== 'string') throw new DatasetFormatError({ file, line, message: `no "${name}" text` });
    return value;
  };
  const endingNames = Object.keys(row).filter((name) => /^ending\d+$/.test(name)).sort((left, right) => Number(left.slice(6)) - Number(right.slice(6)));
  if (endingNames.length < 2) throw new DatasetFormatError({ file, line, message: `found ${endingNames.length} ending column(s); expected ending0, ending1, ...` });
  endingNames.forEach((name, index) => {
    if (name !== `ending${index}`) throw new DatasetFormatError({ file, line, message: `missing ending${index}; expected endings numbered from 0 without gaps` });
    const value = row[name];
    if (typeof value !== 'string' || value.trim() === '') throw new DatasetFormatError({ file, line, message: `${name} is missing or empty` });
  });
  const second = text('sent2');
  const label = row.label === undefined || row.label === '' ? undefined : Number(row.label);
  if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < endingNames.length)) {
    throw new DatasetFormatError({ file, line, message: `label ${JSON.stringify(row.label)}; expected an integer in [0, ${endingNames.length})` });
  }
  // HF run_swag: first sentence = sent1, second = sent2 + ' ' + ending (sent2 is the start of the ending's sentence).
  const id = typeof row['video-id'] === 'string' ? `${row['video-id']}-${String(row['fold-ind'] ?? index)}` : `swag-${index}`;
  return { id, context: text('sent1'), endings: endingNames.map((name) => `${second} ${text(name)}`), label, line };
}

function commonsenseQaExample(file: string, line: number, row: Record<string, unknown>): MultipleChoiceExample {
  const id = typeof row.id === 'string' ? row.id : `line-${line}`;
  // The HF export flattens the original `question: { stem, choices }`.
  const nested = typeof row.question === 'object' && row.question !== null ? (row.question as Record<string, unknown>) : undefined;
  const question = nested === undefined ? row.question : nested.stem;
  if (typeof question !== 'string') throw new DatasetFormatError({ file, line, message: 'no question text ("question" or "question.stem")' });
  let labels: unknown[];
  let texts: unknown[];
  if (nested !== undefined && Array.isArray(nested.choices)) {
    labels = nested.choices.map((choice: { label?: unknown }) => choice?.label);
    texts = nested.choices.map((choice: { text?: unknown }) => choice?.text);
  } else {
    const choices = row.choices as { label?: unknown; text?: unknown } | undefined;
    if (!Array.isArray(choices?.label) || !Array.isArray(choices?.text) || choices.label.length !== choices.text.length) {
      throw new DatasetFormatError({ file, line, message: 'expected "choices": { "label": [...], "text": [...] } of equal length' });
    }
    labels = choices.label;
    texts = choices.text;
  }
  texts.forEach((text, index) => {
    if (typeof text !== 'string' || text.trim() === '') throw new DatasetFormatError({ file, line, message: `choice ${String(labels[index] ?? index)} is missing or empty` });
  });
  let label: number | undefined;
  if (row.answerKey !== undefined && row.answerKey !== '') {
    label = labels.indexOf(row.answerKey);
    if (label < 0) throw new DatasetFormatError({ file, line, message: `answerKey ${JSON.stringify(row.answerKey)} is not one of the choice labels ${labels.join(', ')}` });
  }
  return { id, context: question, endings: texts as string[], label, line };
}
