import {
  composeAlignedCharacters,
  joinAlignedCharacters,
  mapAlignedCharacters,
  type AlignedCharacter,
} from '../unicode/aligned-character';
import {
  isBertPunctuation,
  isChineseCharacter,
  isControlCharacter,
  isNonspacingMark,
  isPythonWhitespace,
} from '../unicode/character-classes';

/** Options of HF's `BasicTokenizer` (and of the `BertNormalizer` + `BertPreTokenizer` pair in tokenizer.json). */
export interface BasicTokenizerOptions {
  /** Lower-case the text (per code point, as HF does). */
  readonly doLowerCase: boolean;
  /** NFD and drop Mn marks; `undefined` follows `doLowerCase`, as in HF. */
  readonly stripAccents: boolean | undefined;
  /** Put every CJK ideograph in a word of its own. */
  readonly tokenizeChineseChars: boolean;
  /** Drop control characters, NUL and U+FFFD; whitespace (NBSP included) separates words. */
  readonly cleanText: boolean;
  /** Words kept whole: neither lower-cased nor split on punctuation. */
  readonly neverSplit: ReadonlySet<string>;
}

/** A basic token: its normalized code points, each aligned to the original text. */
export type BasicToken = readonly AlignedCharacter[];

/**
 * HF slow `BasicTokenizer.tokenize`: clean text, space out CJK ideographs, NFC, split on whitespace, then per
 * word lower-case, strip accents and split off punctuation. `offset` is where `text` starts in the input.
 */
export function basicTokenize(text: string, offset: number, options: BasicTokenizerOptions): BasicToken[] {
  const stripAccents = options.stripAccents ?? options.doLowerCase;
  const tokens: BasicToken[] = [];
  for (const word of splitWords(text, offset, options)) {
    // NFD after NFC equals NFD alone, so composition only matters when accents are kept.
    const composed = stripAccents ? word : composeAlignedCharacters(word);
    if (options.neverSplit.has(joinAlignedCharacters(composed))) {
      tokens.push(composed);
      continue;
    }
    let characters = composed;
    if (options.doLowerCase) characters = mapAlignedCharacters(characters, (character) => character.toLowerCase());
    if (stripAccents) characters = mapAlignedCharacters(characters, stripMarks);
    tokens.push(...splitOnPunctuation(characters));
  }
  return tokens;
}

function stripMarks(character: string): string {
  let result = '';
  for (const codePoint of character.normalize('NFD')) if (!isNonspacingMark(codePoint)) result += codePoint;
  return result;
}

function splitWords(text: string, offset: number, options: BasicTokenizerOptions): AlignedCharacter[][] {
  const words: AlignedCharacter[][] = [];
  let current: AlignedCharacter[] = [];
  const flush = (): void => {
    if (current.length > 0) words.push(current);
    current = [];
  };
  let index = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    const start = offset + index;
    index += character.length;
    const aligned: AlignedCharacter = { text: character, start, end: offset + index };
    // Removed characters join their neighbours ("a\u200bb" is one word), as in HF's _clean_text.
    if (options.cleanText && (codePoint === 0 || codePoint === 0xfffd || isControlCharacter(character))) continue;
    if (isPythonWhitespace(codePoint)) {
      flush();
    } else if (options.tokenizeChineseChars && isChineseCharacter(codePoint)) {
      flush();
      words.push([aligned]);
    } else {
      current.push(aligned);
    }
  }
  flush();
  return words;
}

function splitOnPunctuation(characters: readonly AlignedCharacter[]): AlignedCharacter[][] {
  const pieces: AlignedCharacter[][] = [];
  let current: AlignedCharacter[] = [];
  for (const character of characters) {
    if (isBertPunctuation(character.text)) {
      if (current.length > 0) pieces.push(current);
      pieces.push([character]);
      current = [];
    } else {
      current.push(character);
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}
