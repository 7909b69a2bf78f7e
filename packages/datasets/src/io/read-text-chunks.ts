import { DatasetFormatError, nodeModule } from '@adapters/core';

const { createReadStream } = nodeModule<typeof import('node:fs')>('node:fs');

/** Options of the streaming text readers. */
export interface ReadTextOptions {
  /** Drop a UTF-8 byte-order mark at the start of the file (Python's `utf-8-sig`). Default true. */
  readonly stripByteOrderMark?: boolean;
  /** Bytes read per chunk. Default 1 MiB. */
  readonly chunkBytes?: number;
}

/** Decoded text, line ends normalized to '\n', with the 1-based number of the line it starts on. */
export interface TextChunk {
  readonly text: string;
  readonly firstLineNumber: number;
}

const LINE_BREAKS = /\r\n?/g;

/**
 * Streams a UTF-8 file as decoded text without loading it whole. Like Python's text mode with universal
 * newlines, '\r\n' and a lone '\r' become '\n', also when a '\r\n' or a multi-byte character is split across
 * two chunks. Invalid UTF-8, a missing file or a folder throw a `DatasetFormatError` naming the file (and line).
 */
export async function* readTextChunks(file: string, options: ReadTextOptions = {}): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: options.stripByteOrderMark === false });
  const stream = createReadStream(file, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let lineNumber = 1;
  // A chunk that ended in '\r' may be followed by the '\n' of the same '\r\n'.
  let pendingCarriageReturn = false;
  const emit = (text: string): TextChunk => {
    const chunk = { text, firstLineNumber: lineNumber };
    lineNumber += countNewlines(text);
    return chunk;
  };
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch (error) {
        throw invalidUtf8(file, lineNumber + (pendingCarriageReturn ? 1 : 0), bytes, error);
      }
      if (text === '') continue;
      if (pendingCarriageReturn) {
        text = `\n${text.startsWith('\n') ? text.slice(1) : text}`;
        pendingCarriageReturn = false;
      }
      if (text.endsWith('\r')) {
        pendingCarriageReturn = true;
        text = text.slice(0, -1);
      }
      if (text.includes('\r')) text = text.replace(LINE_BREAKS, '\n');
      if (text !== '') yield emit(text);
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch (error) {
      throw withCause(new DatasetFormatError({ file, line: lineNumber, message: 'the file ends inside a UTF-8 character; expected valid UTF-8' }), error);
    }
    if (pendingCarriageReturn) rest = `\n${rest}`;
    if (rest !== '') yield emit(rest.replace(LINE_BREAKS, '\n'));
  } catch (error) {
    throw asDatasetError(file, error);
  } finally {
    stream.destroy();
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

function invalidUtf8(file: string, lineNumber: number, bytes: Buffer, cause: unknown): DatasetFormatError {
  // The fatal decoder does not say where; decode leniently to find the first replacement character. Leading
  // continuation bytes belong to a character begun in the previous chunk, so they are skipped.
  let start = 0;
  while (start < 3 && start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  const lenient = new TextDecoder('utf-8').decode(bytes.subarray(start));
  const position = Math.max(0, lenient.indexOf('\ufffd'));
  const before = lenient.slice(0, position);
  const line = lineNumber + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
  return withCause(new DatasetFormatError({ file, line, message: 'invalid UTF-8 byte sequence; expected a UTF-8 text file' }), cause);
}

// DatasetFormatError takes no `cause` option; the decoder's error is still worth keeping.
function withCause(error: DatasetFormatError, cause: unknown): DatasetFormatError {
  error.cause = cause;
  return error;
}

function asDatasetError(file: string, error: unknown): unknown {
  if (error instanceof DatasetFormatError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return withCause(new DatasetFormatError({ file, message: 'file not found' }), error);
  if (code === 'EISDIR') return withCause(new DatasetFormatError({ file, message: 'is a folder; expected a text file' }), error);
  return error;
}
