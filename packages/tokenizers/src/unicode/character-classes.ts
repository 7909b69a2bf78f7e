// Character tests with the exact semantics of Hugging Face's Python BERT tokenizer (`_is_control`,
// `_is_whitespace`, `_is_punctuation`, `_is_chinese_char`) and of Python's `str.isspace`.

const OTHER_CATEGORY = /^\p{C}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const PUNCTUATION_CATEGORY = /^\p{P}$/u;
const NONSPACING_MARK = /^\p{Mn}$/u;
const ANY_MARK = /^\p{M}$/u;

/** HF `_is_control`: Unicode category C*, except tab, newline and carriage return (they count as whitespace). */
export function isControlCharacter(character: string): boolean {
  if (character === '\t' || character === '\n' || character === '\r') return false;
  return OTHER_CATEGORY.test(character);
}

/** HF `_is_whitespace`: space, tab, newline, carriage return, or category Zs (which includes NBSP). */
export function isBertWhitespace(character: string): boolean {
  if (character === ' ' || character === '\t' || character === '\n' || character === '\r') return true;
  return SPACE_SEPARATOR.test(character);
}

/** Python's `str.isspace` for one code point: what `str.split()` splits on in `whitespace_tokenize`. */
export function isPythonWhitespace(codePoint: number): boolean {
  return (
    (codePoint >= 0x09 && codePoint <= 0x0d) ||
    (codePoint >= 0x1c && codePoint <= 0x20) ||
    codePoint === 0x85 ||
    codePoint === 0xa0 ||
    codePoint === 0x1680 ||
    (codePoint >= 0x2000 && codePoint <= 0x200a) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    codePoint === 0x202f ||
    codePoint === 0x205f ||
    codePoint === 0x3000
  );
}

/** HF `_is_punctuation`: all non-alphanumeric ASCII (so `$`, `^`, `` ` `` count) plus Unicode category P*. */
export function isBertPunctuation(character: string): boolean {
  const codePoint = character.codePointAt(0) ?? 0;
  if (
    (codePoint >= 33 && codePoint <= 47) ||
    (codePoint >= 58 && codePoint <= 64) ||
    (codePoint >= 91 && codePoint <= 96) ||
    (codePoint >= 123 && codePoint <= 126)
  ) {
    return true;
  }
  return PUNCTUATION_CATEGORY.test(character);
}

/** HF `_is_chinese_char`: the CJK Unified Ideographs blocks only (not Hiragana, Katakana or Hangul). */
export function isChineseCharacter(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x20000 && codePoint <= 0x2a6df) ||
    (codePoint >= 0x2a700 && codePoint <= 0x2b73f) ||
    (codePoint >= 0x2b740 && codePoint <= 0x2b81f) ||
    (codePoint >= 0x2b820 && codePoint <= 0x2ceaf) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x2f800 && codePoint <= 0x2fa1f)
  );
}

/** Category Mn: what HF's `_run_strip_accents` drops after NFD. */
export function isNonspacingMark(character: string): boolean {
  return NONSPACING_MARK.test(character);
}

/**
 * True when canonical composition may attach this code point to the one before it: combining marks and the
 * Hangul medial vowels and final consonants (conjoining jamo).
 */
export function mayComposeWithPrevious(character: string): boolean {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint >= 0x1160 && codePoint <= 0x11ff) return true;
  return ANY_MARK.test(character);
}
