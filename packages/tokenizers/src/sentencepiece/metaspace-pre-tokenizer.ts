import { child, expectArray, expectObject, expectString, fail, optional, readBoolean, type JsonContext } from '../loading/json-fields';
import type { AlignedCharacter } from '../unicode/aligned-character';
import { prependAligned } from './aligned-normalizer';

/** Splits aligned, normalized text into words. */
export type AlignedPreTokenizer = (words: AlignedCharacter[][]) => AlignedCharacter[][];

const SUPPORTED = ['Metaspace', 'WhitespaceSplit', 'Sequence'];

/**
 * Reads tokenizer.json `pre_tokenizer` for SentencePiece models: HF `Metaspace` (spaces become `▁`, one is
 * prepended, and with `split` every `▁` starts a word), `WhitespaceSplit` (older XLM-R files put it first),
 * a `Sequence` of these, or null (one word).
 */
export function preTokenizerFromJson(value: unknown, context: JsonContext): AlignedPreTokenizer {
  if (value === null || value === undefined) return (words) => words;
  const config = expectObject(value, context);
  const type = expectString(config.type, child(context, 'type'));
  if (type === 'Sequence') {
    const steps = expectArray(config.pretokenizers, child(context, 'pretokenizers')).map((entry, index) =>
      preTokenizerFromJson(entry, child(context, `pretokenizers[${index}]`)),
    );
    return (words) => steps.reduce((current, step) => step(current), words);
  }
  if (type === 'WhitespaceSplit') return (words) => words.flatMap(splitOnWhitespace);
  if (type !== 'Metaspace') fail(child(context, 'type'), `one of ${SUPPORTED.join(', ')} (or null)`, type);
  const replacement = expectString(config.replacement ?? '▁', child(context, 'replacement'));
  const legacyPrefix = optional(config, 'add_prefix_space', context, readBoolean);
  const scheme = config.prepend_scheme ?? (legacyPrefix === false ? 'never' : 'always');
  if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') fail(child(context, 'prepend_scheme'), "'always', 'first' or 'never'", scheme);
  const split = optional(config, 'split', context, readBoolean) ?? true;
  return (words) =>
    words.flatMap((word) => {
      let replaced = word.map((character) => (character.text === ' ' ? { ...character, text: replacement } : character));
      // HF prepends under 'first' only to the piece that starts at original offset 0
      const prepend = scheme === 'always' || (scheme === 'first' && word[0]?.start === 0);
      if (prepend && replaced[0] !== undefined && replaced[0].text !== replacement) replaced = prependAligned(replaced, replacement);
      return split ? splitBeforeEach(replaced, replacement) : [replaced];
    });
}

function splitOnWhitespace(word: readonly AlignedCharacter[]): AlignedCharacter[][] {
  const words: AlignedCharacter[][] = [];
  let current: AlignedCharacter[] = [];
  for (const character of word) {
    if (/\s/u.test(character.text)) {
      if (current.length > 0) words.push(current);
      current = [];
    } else current.push(character);
  }
  if (current.length > 0) words.push(current);
  return words;
}

/** HF `SplitDelimiterBehavior::MergedWithNext`: each delimiter starts a new word. */
function splitBeforeEach(word: readonly AlignedCharacter[], delimiter: string): AlignedCharacter[][] {
  const words: AlignedCharacter[][] = [];
  let current: AlignedCharacter[] = [];
  for (const character of word) {
    if (character.text === delimiter && current.length > 0) {
      words.push(current);
      current = [];
    }
    current.push(character);
  }
  if (current.length > 0) words.push(current);
  return words;
}
