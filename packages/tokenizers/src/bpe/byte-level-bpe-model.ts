import { TokenizerError } from '@adapters/core';
import type { TokenizerModel } from '../pipeline/tokenizer-model';
import type { TokenPiece } from '../pipeline/token-piece';
import { isPythonWhitespace } from '../unicode/character-classes';
import { cleanUpTokenization } from '../pipeline/clean-up-tokenization';
import type { BpeMerger } from './bpe-merger';
import { decodeByteLevel } from './byte-level-decoder';
import { BYTE_TO_CHARACTER, utf8BytesOfCodePoint } from './byte-to-unicode';
import { gpt2PreTokenize } from './gpt2-pre-tokenizer';

export interface ByteLevelBpeModelOptions {
  readonly vocab: ReadonlyMap<string, number>;
  readonly merger: BpeMerger;
  /** Prepend a space to input that does not start with whitespace, so the first word tokenizes like the rest. */
  readonly addPrefixSpace: boolean;
  /** Leave the spaces ('Ġ') that start or end a token out of its offsets (RoBERTa). */
  readonly trimOffsets: boolean;
  readonly unkId: number | undefined;
  readonly cleanUpTokenizationSpaces: boolean;
}

const SPACE_BYTE = 0x20;

/** The byte-level BPE model stage: GPT-2 split, bytes to printable characters, merges by rank. */
export function createByteLevelBpeModel(options: ByteLevelBpeModelOptions): TokenizerModel {
  return {
    vocab: options.vocab,
    prefixStable: true,
    tokenizeText(text: string, start: number, atInputStart: boolean): TokenPiece[] {
      const firstCodePoint = text.codePointAt(0);
      const prefixed = options.addPrefixSpace && atInputStart && firstCodePoint !== undefined && !isPythonWhitespace(firstCodePoint);
      const working = prefixed ? ` ${text}` : text;
      const shift = prefixed ? 1 : 0;
      const pieces: TokenPiece[] = [];
      for (const preToken of gpt2PreTokenize(working)) {
        const bytes: number[] = [];
        const byteStarts: number[] = [];
        const byteEnds: number[] = [];
        let position = preToken.start;
        for (const character of preToken.text) {
          // The added prefix space has no place in the input: it maps to an empty range.
          const isAddedSpace = prefixed && position === 0;
          const characterStart = isAddedSpace ? start : start + position - shift;
          const characterEnd = isAddedSpace ? start : characterStart + character.length;
          for (const byte of utf8BytesOfCodePoint(character.codePointAt(0) ?? 0)) {
            bytes.push(byte);
            byteStarts.push(characterStart);
            byteEnds.push(characterEnd);
          }
          position += character.length;
        }
        let byteIndex = 0;
        for (const token of options.merger.merge(bytes.map((byte) => BYTE_TO_CHARACTER[byte] ?? '').join(''))) {
          // Every byte character is one UTF-16 unit, so a token's length is its byte count.
          const first = byteIndex;
          const last = byteIndex + token.length - 1;
          byteIndex += token.length;
          const id = options.vocab.get(token) ?? options.unkId;
          if (id === undefined) {
            throw new TokenizerError({ message: `token ${JSON.stringify(token)} is not in the vocabulary and there is no unknown token` });
          }
          const [tokenStart, tokenEnd] = options.trimOffsets
            ? trimmedRange(bytes, byteStarts, byteEnds, first, last)
            : [byteStarts[first] ?? start, byteEnds[last] ?? start];
          pieces.push({ token, id, start: tokenStart, end: tokenEnd });
        }
      }
      return pieces;
    },
    decodeTokens(tokens: readonly string[]): string {
      const text = decodeByteLevel(tokens);
      return options.cleanUpTokenizationSpaces ? cleanUpTokenization(text) : text;
    },
  };
}

/** HF's `trim_offsets`: spaces at either end of a token are not part of its offsets. */
function trimmedRange(bytes: readonly number[], starts: readonly number[], ends: readonly number[], first: number, last: number): [number, number] {
  let from = first;
  let to = last;
  while (from <= last && bytes[from] === SPACE_BYTE) from += 1;
  if (from > last) {
    const end = ends[last] ?? 0;
    return [end, end];
  }
  while (to > from && bytes[to] === SPACE_BYTE) to -= 1;
  return [starts[from] ?? 0, ends[to] ?? 0];
}
