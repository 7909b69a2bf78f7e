import { DatasetFormatError, InvalidConfigError } from '@adapters/core';
import { readLineBatches } from '../io/read-lines';
import { iob1ToIob2 } from './iob-tags';

/** One sentence of a CoNLL file: its words and their tags (IOB2 after reading, see `readConllFile`). */
export interface ConllSentence {
  readonly words: readonly string[];
  readonly tags: readonly string[];
  /** 1-based line of the sentence's first word. */
  readonly line: number;
}

export interface ConllDataset {
  readonly file: string;
  readonly sentences: readonly ConllSentence[];
  /** `-DOCSTART-` lines seen. */
  readonly documents: number;
  /** Word lines (all sentences together). */
  readonly tokens: number;
}

export interface ReadConllOptions {
  /** Columns per word line. Default 4 (CoNLL-2003: word, POS, chunk, NER). */
  readonly columns?: number;
  /** Which column holds the tag. Default the last. */
  readonly tagColumn?: number;
  /** The file's tagging scheme: `iob1` (the original CoNLL-2003 files, default) is converted to IOB2; `iob2` is kept. */
  readonly scheme?: 'iob1' | 'iob2';
}

const TAG = /^(O|[BI]-\S+)$/;

/**
 * Reads a CoNLL-2003 column file: one word per line (space-separated columns), blank lines between sentences,
 * `-DOCSTART-` lines between documents (not sentences). Tags come back in IOB2 (B- starts every entity), the
 * scheme HF's `conll2003` dataset and seqeval's strict mode use. A line with another column count or a tag that
 * is not O/B-X/I-X throws a `DatasetFormatError` naming the file and line.
 */
export async function readConllFile(file: string, options: ReadConllOptions = {}): Promise<ConllDataset> {
  const columns = options.columns ?? 4;
  if (!(Number.isInteger(columns) && columns >= 2)) throw new InvalidConfigError({ path: 'columns', expected: 'an integer >= 2 (word and tag at least)', received: columns });
  const tagColumn = options.tagColumn ?? columns - 1;
  if (!(Number.isInteger(tagColumn) && tagColumn >= 1 && tagColumn < columns)) {
    throw new InvalidConfigError({ path: 'tagColumn', expected: `a column index in [1, ${columns})`, received: tagColumn });
  }
  const scheme = options.scheme ?? 'iob1';
  const sentences: ConllSentence[] = [];
  let documents = 0;
  let tokens = 0;
  let words: string[] = [];
  let tags: string[] = [];
  let firstLine = 0;
  const flush = (): void => {
    if (words.length > 0) sentences.push({ words, tags: scheme === 'iob1' ? iob1ToIob2(tags) : tags, line: firstLine });
    words = [];
    tags = [];
  };
  for await (const batch of readLineBatches(file)) {
    batch.lines.forEach((raw, offset) => {
      const line = batch.firstLineNumber + offset;
      const text = raw.trim();
      if (text === '') return flush();
      const fields = text.split(/\s+/);
      if (fields[0] === '-DOCSTART-') {
        documents += 1;
        return flush();
      }
      if (fields.length !== columns) {
        throw new DatasetFormatError({ file, line, message: `found ${fields.length} space-separated column(s); expected ${columns} (word, ..., tag)` });
      }
      const tag = fields[tagColumn] ?? '';
      if (!TAG.test(tag)) throw new DatasetFormatError({ file, line, message: `tag ${JSON.stringify(tag)}; expected O, B-<type> or I-<type>` });
      if (words.length === 0) firstLine = line;
      words.push(fields[0] ?? '');
      tags.push(tag);
      tokens += 1;
    });
  }
  flush();
  if (sentences.length === 0) throw new DatasetFormatError({ file, message: 'no sentences; expected word lines with tags' });
  return { file, sentences, documents, tokens };
}
