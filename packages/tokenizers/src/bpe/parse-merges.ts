import { TokenizerError } from '@adapters/core';

/** One BPE merge: two symbols that join into one. */
export type Merge = readonly [string, string];

/**
 * Reads merges.txt: `#version` header lines and blank lines are skipped, every other line is two symbols
 * separated by one space; the line order is the merge rank.
 */
export function parseMergesText(text: string, file = 'merges.txt'): Merge[] {
  if (typeof text !== 'string') throw new TokenizerError({ file, message: `expected the merges as text, received ${typeof text}` });
  const merges: Merge[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length === 0 || (index === 0 && line.startsWith('#version'))) return;
    const parts = line.split(' ');
    const [left, right] = parts;
    if (parts.length !== 2 || left === undefined || right === undefined || left.length === 0 || right.length === 0) {
      throw new TokenizerError({ file, message: `line ${index + 1}: expected two symbols separated by one space, received ${JSON.stringify(line)}` });
    }
    merges.push([left, right]);
  });
  return merges;
}
