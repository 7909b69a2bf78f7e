import { DatasetFormatError, type Tokenizer } from '@adapters/core';
import { readLineBatches } from '../io/read-lines';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import { checkBlockSize, type LanguageModelingOptions } from './language-modeling-options';

/** One tokenized line. */
export interface TokenizedLine {
  readonly inputIds: readonly number[];
  /** 1-based line number in the file. */
  readonly line: number;
}

/** A line-by-line corpus, with what was left out. */
export interface LineByLineTextDataset {
  readonly file: string;
  /** One example per non-blank line. */
  readonly sequences: SequenceStore;
  /** Lines in the file (as Python's `splitlines()` counts them). */
  readonly linesRead: number;
  /** Empty or whitespace-only lines, left out as HF does. */
  readonly blankLinesSkipped: number;
}

// Python's str.splitlines() also breaks at these; universal newlines already handled \n, \r\n and \r.
const EXTRA_LINE_BREAKS = /[\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
// Python's str.isspace() characters.
const WHITESPACE_ONLY = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * Streams a text file as HF `LineByLineTextDataset` reads it: `splitlines()`, empty and whitespace-only lines
 * skipped, each line tokenized with special tokens and truncated to `blockSize`. The file is read in chunks,
 * never whole; `onDone` receives the line counts once the file is read.
 */
export async function* streamLineByLineText(
  file: string,
  tokenizer: Tokenizer,
  options: LanguageModelingOptions,
  onDone?: (counts: { linesRead: number; blankLinesSkipped: number }) => void,
): AsyncGenerator<TokenizedLine> {
  const blockSize = checkBlockSize(options.blockSize);
  const encodeOptions = { addSpecialTokens: true, truncation: 'longest_first', maxLength: blockSize } as const;
  let linesRead = 0;
  let blankLinesSkipped = 0;
  for await (const batch of readLineBatches(file, options)) {
    for (let offset = 0; offset < batch.lines.length; offset += 1) {
      const text = batch.lines[offset] ?? '';
      const pieces = EXTRA_LINE_BREAKS.test(text) ? text.split(EXTRA_LINE_BREAKS) : [text];
      for (const piece of pieces) {
        linesRead += 1;
        if (WHITESPACE_ONLY.test(piece)) {
          blankLinesSkipped += 1;
          continue;
        }
        yield { inputIds: tokenizer.encode(piece, null, encodeOptions).inputIds, line: batch.firstLineNumber + offset };
      }
    }
  }
  onDone?.({ linesRead, blankLinesSkipped });
}

/** `streamLineByLineText` collected into a `SequenceStore`. A file with no text throws a `DatasetFormatError`. */
export async function loadLineByLineTextDataset(file: string, tokenizer: Tokenizer, options: LanguageModelingOptions): Promise<LineByLineTextDataset> {
  const builder = new SequenceStoreBuilder();
  let counts = { linesRead: 0, blankLinesSkipped: 0 };
  for await (const line of streamLineByLineText(file, tokenizer, options, (done) => (counts = done))) builder.append(line.inputIds);
  if (builder.size === 0) {
    throw new DatasetFormatError({ file, message: `no text: ${counts.linesRead} line(s), all empty or whitespace; expected at least one line of text` });
  }
  return { file, sequences: builder.build(), ...counts };
}
