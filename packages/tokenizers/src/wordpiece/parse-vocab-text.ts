import { TokenizerError } from '@adapters/core';

/**
 * Reads a vocab.txt: one token per line, the id is the line number (HF `load_vocab`). A trailing `\r` is
 * dropped too, so CRLF files work. A repeated token keeps its last line, as a Python dict would.
 */
export function parseVocabText(text: string, file = 'vocab.txt'): Map<string, number> {
  if (typeof text !== 'string') {
    throw new TokenizerError({ file, message: `expected the vocabulary as text, received ${typeof text}` });
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new TokenizerError({ file, message: 'expected one token per line, found an empty file' });
  const vocab = new Map<string, number>();
  lines.forEach((line, index) => vocab.set(line.endsWith('\r') ? line.slice(0, -1) : line, index));
  return vocab;
}
