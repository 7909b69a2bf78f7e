import { readTextChunks, type ReadTextOptions } from './read-text-chunks';

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
export async function* readLineBatches(file: string, options: ReadTextOptions = {}): AsyncGenerator<LineBatch> {
  let carry = '';
  let nextLineNumber = 1;
  for await (const chunk of readTextChunks(file, options)) {
    const lines = (carry + chunk.text).split('\n');
    carry = lines.pop() ?? '';
    if (lines.length === 0) continue;
    yield { lines, firstLineNumber: nextLineNumber };
    nextLineNumber += lines.length;
  }
  if (carry !== '') yield { lines: [carry], firstLineNumber: nextLineNumber };
}

/** One line with its 1-based line number. */
export interface NumberedLine {
  readonly text: string;
  readonly lineNumber: number;
}

/** Streams a text file line by line (see `readLineBatches`). */
export async function* readLines(file: string, options: ReadTextOptions = {}): AsyncGenerator<NumberedLine> {
  for await (const batch of readLineBatches(file, options)) {
    for (let index = 0; index < batch.lines.length; index += 1) {
      yield { text: batch.lines[index] ?? '', lineNumber: batch.firstLineNumber + index };
    }
  }
}
