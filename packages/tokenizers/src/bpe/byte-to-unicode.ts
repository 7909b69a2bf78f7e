/**
 * GPT-2's reversible byte → printable character table (`bytes_to_unicode`): printable Latin-1 bytes map to
 * themselves, the other 68 bytes to U+0100 onwards, so a space is 'Ġ' and a newline 'Ċ'.
 */
function buildByteToCharacter(): readonly string[] {
  const printable = new Set<number>();
  const addRange = (from: number, to: number): void => {
    for (let byte = from; byte <= to; byte += 1) printable.add(byte);
  };
  addRange(0x21, 0x7e);
  addRange(0xa1, 0xac);
  addRange(0xae, 0xff);
  const table: string[] = [];
  let next = 0;
  for (let byte = 0; byte < 256; byte += 1) {
    if (printable.has(byte)) table[byte] = String.fromCharCode(byte);
    else {
      table[byte] = String.fromCharCode(256 + next);
      next += 1;
    }
  }
  return table;
}

/** Indexed by byte value. */
export const BYTE_TO_CHARACTER: readonly string[] = buildByteToCharacter();

/** The inverse table: character → byte value. */
export const CHARACTER_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHARACTER.map((character, byte) => [character, byte]));

/** UTF-8 bytes of one code point; a lone surrogate becomes U+FFFD, as `TextEncoder` does. */
export function utf8BytesOfCodePoint(codePoint: number): number[] {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return [0xef, 0xbf, 0xbd];
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  return [0xf0 | (codePoint >> 18), 0x80 | ((codePoint >> 12) & 0x3f), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
}
