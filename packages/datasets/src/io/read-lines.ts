import { DatasetFormatError } from '@adapters/core';
import { readTextChunks, type ReadTextOptions } from './read-text-chunks';

/**
 * The longest line the line readers accept by default: 2^28 characters (256 Mi; a JavaScript string holds at
 * most about 2^29). A longer line is a `DatasetFormatError` naming the file and line, read in linear time
 * and with memory bounded by the limit.
 */
export const DEFAULT_MAX_LINE_LENGTH = 1 << 28;

export interface ReadLinesOptions extends ReadTextOptions {
  /** Longest line accepted, in characters; default {@link DEFAULT_MAX_LINE_LENGTH}. */
  readonly maxLineLength?: number;
}

/** Consecutive lines of a file, without their line ends. */
export interface LineBatch {
  readonly lines: readonly string[];
  /** 1-based line number of `lines[0]`. */
  readonly firstLineNumber: number;
}

/**
 * Streams a text file as batches of lines (batches, not single lines, to keep the per-line await cost away).
 * Lines split like Python's universal newlines ('\n', '\r\n', '\r'); a last line without a line end still
 * counts, and a final line end does not start an extra empty line.
 */
export async function* readLineBatches(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  // The unfinished last line as pieces, joined once when its line end arrives: re-joining it on every chunk
  // would make one long line quadratic.
  let carry: string[] = [];
  let carryLength = 0;
  let nextLineNumber = 1;
  const tooLong = (offset = 0): DatasetFormatError =>
    new DatasetFormatError({ file, line: nextLineNumber + offset, message: `line longer than ${maxLineLength} characters (the maxLineLength limit)` });
  for await (const chunk of readTextChunks(file, options)) {
    const text = chunk.text;
    const firstBreak = text.indexOf('\n');
    if (firstBreak === -1) {
      carry.push(text);
      carryLength += text.length;
      if (carryLength > maxLineLength) throw tooLong();
      continue;
    }
    const lines = text.split('\n');
    const rest = lines.pop() as string;
    if (carry.length > 0) {
      lines[0] = carry.join('') + (lines[0] as string);
      carry = [];
    }
    for (let index = 0; index < lines.length; index += 1) {
      if ((lines[index] as string).length > maxLineLength) throw tooLong(index);
    }
    carry = rest === '' ? [] : [rest];
    carryLength = rest.length;
    yield { lines, firstLineNumber: nextLineNumber };
    nextLineNumber += lines.length;
    if (carryLength > maxLineLength) throw tooLong();
  }
  if (carry.length > 0) yield { lines: [carry.join('')], firstLineNumber: nextLineNumber };
}

/** One line with its 1-based line number. */
export interface NumberedLine {
  readonly text: string;
  readonly lineNumber: number;
}

/** Streams a text file line by line (see `readLineBatches`). */
export async function* readLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<NumberedLine> {
  for await (const batch of readLineBatches(file, options)) {
    for (let index = 0; index < batch.lines.length; index += 1) {
      yield { text: batch.lines[index] ?? '', lineNumber: batch.firstLineNumber + index };
    }
  }
}
