import { TokenizerError } from '@adapters/core';
import type { TokenizerModel } from '../pipeline/tokenizer-model';
import type { TokenPiece } from '../pipeline/token-piece';
import { joinAlignedCharacters, type AlignedCharacter } from '../unicode/aligned-character';
import type { AlignedNormalizer } from './aligned-normalizer';
import type { AlignedPreTokenizer } from './metaspace-pre-tokenizer';

export interface SentencePieceModelParts {
  readonly vocab: ReadonlyMap<string, number>;
  readonly normalize: AlignedNormalizer;
  readonly preTokenize: AlignedPreTokenizer;
  /** Splits one word into pieces whose concatenation is the word (Unigram Viterbi, or BPE merges). */
  readonly segment: (word: string) => string[];
  readonly unkId: number | undefined;
  /** Unknown pieces become their UTF-8 bytes `<0xXX>` when every byte token exists (HF `byte_fallback`). */
  readonly byteFallback: boolean;
  /** Consecutive unknown pieces become one (HF `fuse_unk`; always on for Unigram). */
  readonly fuseUnknown: boolean;
  /** The token text of an unknown piece: its own text (Unigram, as SentencePiece) or the unk token (BPE). */
  readonly unknownToken: 'surface' | string;
  readonly decode: (tokens: readonly string[]) => string;
  readonly source: string;
}

interface Piece {
  text: string;
  first: number;
  last: number;
  known: boolean;
}

/**
 * The model stage of SentencePiece-style tokenizers (XLM-R's Unigram, Llama's BPE with byte fallback):
 * normalize with alignment, pre-tokenize (Metaspace), segment each word, then map pieces to ids with HF's
 * unknown handling. Offsets are the original ranges of each piece's first and last character.
 */
export function createSentencePieceModel(parts: SentencePieceModelParts): TokenizerModel {
  const encoder = new TextEncoder();
  const byteTokens = (text: string): string[] =>
    Array.from(encoder.encode(text), (byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);

  const piecesOf = (word: readonly AlignedCharacter[]): Piece[] => {
    const pieces: Piece[] = [];
    let position = 0;
    for (const text of parts.segment(joinAlignedCharacters(word))) {
      const length = [...text].length;
      if (length === 0) continue;
      const piece: Piece = { text, first: position, last: position + length - 1, known: parts.vocab.has(text) };
      position += length;
      const previous = pieces[pieces.length - 1];
      if (parts.fuseUnknown && !piece.known && previous !== undefined && !previous.known) {
        previous.text += piece.text;
        previous.last = piece.last;
      } else pieces.push(piece);
    }
    return pieces;
  };

  return {
    vocab: parts.vocab,
    tokenizeText(text: string, start: number): TokenPiece[] {
      const characters: AlignedCharacter[] = [];
      let offset = start;
      for (const codePoint of text) {
        characters.push({ text: codePoint, start: offset, end: offset + codePoint.length });
        offset += codePoint.length;
      }
      const tokens: TokenPiece[] = [];
      for (const word of parts.preTokenize([parts.normalize(characters)])) {
        if (word.length === 0) continue;
        for (const piece of piecesOf(word)) {
          const range = { start: word[piece.first]!.start, end: word[piece.last]!.end };
          if (piece.known) {
            tokens.push({ token: piece.text, id: parts.vocab.get(piece.text)!, ...range });
            continue;
          }
          const bytes = parts.byteFallback ? byteTokens(piece.text) : [];
          if (bytes.length > 0 && bytes.every((token) => parts.vocab.has(token))) {
            for (const token of bytes) tokens.push({ token, id: parts.vocab.get(token)!, ...range });
            continue;
          }
          if (parts.unkId === undefined) {
            throw new TokenizerError({ file: parts.source, message: `${JSON.stringify(piece.text)} is not in the vocabulary and the model has no unk token` });
          }
          tokens.push({ token: parts.unknownToken === 'surface' ? piece.text : parts.unknownToken, id: parts.unkId, ...range });
        }
      }
      return tokens;
    },
    decodeTokens: parts.decode,
  };
}
