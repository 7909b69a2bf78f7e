import type { AlignedCharacter } from '../unicode/aligned-character';
import type { TokenPiece } from '../pipeline/token-piece';

/** A WordPiece vocabulary with its rules (HF `WordpieceTokenizer` / tokenizers' `WordPiece` model). */
export interface WordPieceVocabulary {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unkToken: string;
  readonly unkId: number;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  /** Longest vocabulary entry in code points: no longer substring can match, so the search starts there. */
  readonly longestEntry: number;
}

export function createWordPieceVocabulary(
  vocab: ReadonlyMap<string, number>,
  options: { unkToken: string; unkId: number; continuingSubwordPrefix: string; maxInputCharsPerWord: number },
): WordPieceVocabulary {
  let longestEntry = 0;
  for (const token of vocab.keys()) {
    let length = 0;
    for (const _codePoint of token) length += 1;
    if (length > longestEntry) longestEntry = length;
  }
  return { vocab, ...options, longestEntry };
}

/**
 * Greedy longest-match-first WordPiece over one basic token. A word longer than `maxInputCharsPerWord` code
 * points, or one with any unmatchable rest, becomes a single unknown token.
 */
export function wordPieceTokenize(characters: readonly AlignedCharacter[], vocabulary: WordPieceVocabulary): TokenPiece[] {
  const first = characters[0];
  const last = characters[characters.length - 1];
  if (first === undefined || last === undefined) return [];
  const unknown: TokenPiece[] = [{ token: vocabulary.unkToken, id: vocabulary.unkId, start: first.start, end: last.end }];
  if (characters.length > vocabulary.maxInputCharsPerWord) return unknown;

  const pieces: TokenPiece[] = [];
  let start = 0;
  while (start < characters.length) {
    let matched: TokenPiece | undefined;
    let end = Math.min(characters.length, start + vocabulary.longestEntry);
    for (; end > start; end -= 1) {
      let candidate = start > 0 ? vocabulary.continuingSubwordPrefix : '';
      for (let index = start; index < end; index += 1) candidate += characters[index]?.text ?? '';
      const id = vocabulary.vocab.get(candidate);
      if (id !== undefined) {
        matched = { token: candidate, id, start: characters[start]?.start ?? 0, end: characters[end - 1]?.end ?? 0 };
        break;
      }
    }
    if (matched === undefined) return unknown;
    pieces.push(matched);
    start = end;
  }
  return pieces;
}
