import { describe, expect, it } from 'vitest';
import { composeAlignedCharacters, joinAlignedCharacters, mapAlignedCharacters, type AlignedCharacter } from './aligned-character';

function align(text: string, offset = 0): AlignedCharacter[] {
  const characters: AlignedCharacter[] = [];
  let index = offset;
  for (const character of text) {
    characters.push({ text: character, start: index, end: index + character.length });
    index += character.length;
  }
  return characters;
}

describe('aligned characters', () => {
  it('maps one character to several, each keeping the source range', () => {
    const mapped = mapAlignedCharacters(align('İa'), (character) => character.toLowerCase());
    expect(joinAlignedCharacters(mapped)).toBe('i\u0307a');
    expect(mapped.map((character) => [character.start, character.end])).toEqual([[0, 1], [0, 1], [1, 2]]);
  });

  it('drops characters mapped to nothing', () => {
    expect(mapAlignedCharacters(align('abc'), (character) => (character === 'b' ? '' : character)).map((character) => character.start)).toEqual([0, 2]);
  });

  it('composes with NFC and gives the composed character the whole cluster range', () => {
    const composed = composeAlignedCharacters(align('cafe\u0301s', 10));
    expect(joinAlignedCharacters(composed)).toBe('cafés');
    expect(composed.map((character) => [character.start, character.end])).toEqual([[10, 11], [11, 12], [12, 13], [13, 15], [15, 16]]);
  });

  it('composes Hangul jamo and singleton decompositions', () => {
    expect(joinAlignedCharacters(composeAlignedCharacters(align('\u1100\u1161\u11a8')))).toBe('각');
    expect(joinAlignedCharacters(composeAlignedCharacters(align('\u212b')))).toBe('Å');
  });

  it('returns equal text for already composed input', () => {
    const input = align('plain');
    expect(composeAlignedCharacters(input)).toEqual(input);
  });
});
