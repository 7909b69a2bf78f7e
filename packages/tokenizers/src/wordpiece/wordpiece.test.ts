import { describe, expect, it } from 'vitest';
import type { AlignedCharacter } from '../unicode/aligned-character';
import { createWordPieceVocabulary, wordPieceTokenize } from './wordpiece';

const vocab = new Map(['[UNK]', 'un', '##aff', '##able', 'una', '##ffa', '##ble', 'a', '##a'].map((token, id) => [token, id]));

function align(text: string): AlignedCharacter[] {
  return Array.from(text, (character, index) => ({ text: character, start: index, end: index + 1 }));
}

function pieces(word: string, maxInputCharsPerWord = 100): string[] {
  const vocabulary = createWordPieceVocabulary(vocab, { unkToken: '[UNK]', unkId: 0, continuingSubwordPrefix: '##', maxInputCharsPerWord });
  return wordPieceTokenize(align(word), vocabulary).map((piece) => piece.token);
}

describe('wordPieceTokenize', () => {
  it('takes the longest match first, left to right', () => {
    expect(pieces('unaffable')).toEqual(['una', '##ffa', '##ble']);
    expect(pieces('aaa')).toEqual(['a', '##a', '##a']);
  });

  it('turns the whole word into [UNK] when any rest cannot match', () => {
    expect(pieces('unx')).toEqual(['[UNK]']);
  });

  it('turns words longer than maxInputCharsPerWord into [UNK]', () => {
    expect(pieces('a'.repeat(100))).toHaveLength(100);
    expect(pieces('a'.repeat(101))).toEqual(['[UNK]']);
    expect(pieces('aaa', 2)).toEqual(['[UNK]']);
  });

  it('gives each piece the offsets of its characters', () => {
    const vocabulary = createWordPieceVocabulary(vocab, { unkToken: '[UNK]', unkId: 0, continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 });
    expect(wordPieceTokenize(align('unaffable'), vocabulary).map((piece) => [piece.start, piece.end])).toEqual([[0, 3], [3, 6], [6, 9]]);
    expect(wordPieceTokenize(align('unx'), vocabulary)).toEqual([{ token: '[UNK]', id: 0, start: 0, end: 3 }]);
  });

  it('knows the longest vocabulary entry', () => {
    expect(createWordPieceVocabulary(vocab, { unkToken: '[UNK]', unkId: 0, continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 }).longestEntry).toBe(6);
  });
});
