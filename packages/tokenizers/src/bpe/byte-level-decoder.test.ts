import { describe, expect, it } from 'vitest';
import { decodeByteLevel } from './byte-level-decoder';

describe('decodeByteLevel', () => {
  it('maps characters back to bytes and decodes UTF-8 across token boundaries', () => {
    expect(decodeByteLevel(['Hello', 'Ġworld'])).toBe('Hello world');
    expect(decodeByteLevel(['em', 'oji', 'ĠðŁĺ', 'Ģ'])).toBe('emoji 😀');
    expect(decodeByteLevel(['line', 'Ċ'])).toBe('line\n');
  });

  it('replaces invalid UTF-8 with U+FFFD, keeps a leading BOM, and passes added tokens through', () => {
    expect(decodeByteLevel(['ðŁĺ'])).toBe('\ufffd');
    expect(decodeByteLevel(['ï»¿', 'a'])).toBe('\ufeffa');
    expect(decodeByteLevel(['a', '<中>'])).toBe('a<中>');
    // 'é' is itself a byte character (0xE9), so alone it is invalid UTF-8, as in HF.
    expect(decodeByteLevel(['é'])).toBe('\ufffd');
  });
});
