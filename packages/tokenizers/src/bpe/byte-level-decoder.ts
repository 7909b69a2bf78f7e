import { CHARACTER_TO_BYTE } from './byte-to-unicode';

// ignoreBOM keeps a leading U+FEFF as text, as Python's bytes.decode does.
const UTF8_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Byte-level decoding: every token's characters map back to bytes, which are decoded as UTF-8 (invalid
 * sequences become U+FFFD). A token with a character outside the byte table (an added token) keeps its own UTF-8.
 */
export function decodeByteLevel(tokens: readonly string[]): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const token of tokens) {
    const tokenBytes: number[] = [];
    let mapped = true;
    for (const character of token) {
      const byte = CHARACTER_TO_BYTE.get(character);
      if (byte === undefined) {
        mapped = false;
        break;
      }
      tokenBytes.push(byte);
    }
    if (mapped) bytes.push(...tokenBytes);
    else bytes.push(...encoder.encode(token));
  }
  return UTF8_DECODER.decode(new Uint8Array(bytes));
}
