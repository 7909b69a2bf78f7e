import {
  BertNormalizer,
  LowercaseNormalizer,
  NFCNormalizer,
  NFDNormalizer,
  NFKCNormalizer,
  NFKDNormalizer,
  PrecompiledNormalizer,
  StripAccentsNormalizer,
  type Normalizer,
} from '@huggingface/tokenizers';
import { child, expectArray, expectObject, expectString, fail, optional, readBoolean, type JsonContext } from '../loading/json-fields';
import { joinAlignedCharacters, normalizeAlignedCharacters, type AlignedCharacter } from '../unicode/aligned-character';
import { patternFromJson } from './pattern-from-json';

/** A normalizer over aligned characters: the text changes, every character keeps its original range. */
export type AlignedNormalizer = (characters: readonly AlignedCharacter[]) => AlignedCharacter[];

type PackageNormalizerClass = new (config: never) => Normalizer;

// The text transformations come from @huggingface/tokenizers; it tracks no offsets, so they are applied here
// one cluster (a code point and the marks that follow it) at a time, as HF's NormalizedString aligns them.
const PACKAGE_NORMALIZERS: ReadonlyMap<string, PackageNormalizerClass> = new Map<string, PackageNormalizerClass>([
  ['NFC', NFCNormalizer],
  ['NFD', NFDNormalizer],
  ['NFKC', NFKCNormalizer],
  ['NFKD', NFKDNormalizer],
  ['Lowercase', LowercaseNormalizer],
  ['StripAccents', StripAccentsNormalizer],
  ['Precompiled', PrecompiledNormalizer],
  ['BertNormalizer', BertNormalizer],
]);

const OWN_NORMALIZERS = ['Sequence', 'Replace', 'Prepend', 'Strip'];

/** Reads tokenizer.json `normalizer` (null: the text is left as it is). */
export function alignedNormalizerFromJson(value: unknown, context: JsonContext): AlignedNormalizer {
  if (value === null || value === undefined) return (characters) => [...characters];
  const config = expectObject(value, context);
  const type = expectString(config.type, child(context, 'type'));
  if (type === 'Sequence') {
    const steps = expectArray(config.normalizers, child(context, 'normalizers')).map((entry, index) =>
      alignedNormalizerFromJson(entry, child(context, `normalizers[${index}]`)),
    );
    return (characters) => steps.reduce<AlignedCharacter[]>((current, step) => step(current), [...characters]);
  }
  if (type === 'Replace') {
    const pattern = patternFromJson(config.pattern, child(context, 'pattern'));
    const content = expectString(config.content, child(context, 'content'));
    return (characters) => replaceAligned(characters, pattern, content);
  }
  if (type === 'Prepend') {
    const prefix = expectString(config.prepend, child(context, 'prepend'));
    return (characters) => prependAligned(characters, prefix);
  }
  if (type === 'Strip') {
    const left = optional(config, 'strip_left', context, readBoolean) ?? true;
    const right = optional(config, 'strip_right', context, readBoolean) ?? true;
    return (characters) => stripAligned(characters, left, right);
  }
  const Class = PACKAGE_NORMALIZERS.get(type);
  if (Class === undefined) fail(child(context, 'type'), `one of ${[...OWN_NORMALIZERS, ...PACKAGE_NORMALIZERS.keys()].join(', ')}`, type);
  const normalizer = new Class(config as never);
  return (characters) => normalizeAlignedCharacters(characters, (text) => normalizer.normalize(text));
}

/** HF `NormalizedString::replace`: the i-th replacing code point takes the range of the i-th replaced one. */
export function replaceAligned(characters: readonly AlignedCharacter[], pattern: RegExp, content: string): AlignedCharacter[] {
  const text = joinAlignedCharacters(characters);
  // UTF-16 index in `text` → index in `characters`
  const characterAt: number[] = [];
  characters.forEach((character, index) => {
    for (let unit = 0; unit < character.text.length; unit++) characterAt.push(index);
  });
  const result: AlignedCharacter[] = [];
  let next = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0].length === 0) continue;
    const from = characterAt[match.index]!;
    const to = characterAt[match.index + match[0].length - 1]! + 1;
    for (let index = next; index < from; index++) result.push(characters[index]!);
    let offset = 0;
    for (const codePoint of content) {
      const source = characters[Math.min(from + offset, to - 1)]!;
      result.push({ text: codePoint, start: source.start, end: source.end });
      offset += 1;
    }
    next = to;
  }
  for (let index = next; index < characters.length; index++) result.push(characters[index]!);
  return result;
}

/** HF `NormalizedString::prepend`: the new characters share the first character's range. */
export function prependAligned(characters: readonly AlignedCharacter[], prefix: string): AlignedCharacter[] {
  const first = characters[0];
  if (first === undefined) return [];
  return [...[...prefix].map((codePoint) => ({ text: codePoint, start: first.start, end: first.end })), ...characters];
}

function stripAligned(characters: readonly AlignedCharacter[], left: boolean, right: boolean): AlignedCharacter[] {
  let start = 0;
  let end = characters.length;
  while (left && start < end && /\s/u.test(characters[start]!.text)) start += 1;
  while (right && end > start && /\s/u.test(characters[end - 1]!.text)) end -= 1;
  return characters.slice(start, end);
}
