import { describe, expect, it } from 'vitest';
import { BYTE_TO_CHARACTER, CHARACTER_TO_BYTE, utf8BytesOfCodePoint } from './byte-to-unicode';

describe('GPT-2 byte ↔ character table', () => {
  it('maps printable bytes to themselves and the rest from U+0100', () => {
    expect(BYTE_TO_CHARACTER[0x41]).toBe('A');
    expect(BYTE_TO_CHARACTER[0x20]).toBe('Ġ');
    expect(BYTE_TO_CHARACTER[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHARACTER[0x00]).toBe('Ā');
    expect(BYTE_TO_CHARACTER[0xad]).toBe('Ń');
  });

  it('is a bijection over 256 single-unit characters', () => {
    expect(new Set(BYTE_TO_CHARACTER).size).toBe(256);
    expect(BYTE_TO_CHARACTER.every((character) => character.length === 1)).toBe(true);
    for (let byte = 0; byte < 256; byte += 1) expect(CHARACTER_TO_BYTE.get(BYTE_TO_CHARACTER[byte] ?? '')).toBe(byte);
  });

  it('encodes code points as UTF-8', () => {
    const encoder = new TextEncoder();
    for (const character of ['a', 'é', '€', '😀']) expect(utf8BytesOfCodePoint(character.codePointAt(0) ?? 0)).toEqual([...encoder.encode(character)]);
    expect(utf8BytesOfCodePoint(0xd800)).toEqual([0xef, 0xbf, 0xbd]);
  });
});
