import { mayComposeWithPrevious } from './character-classes';

/**
 * One code point of a normalized text, with the range `[start, end)` (UTF-16 code units) of the original text
 * it came from. Normalization steps map these arrays so that every token can report its original offsets.
 */
export interface AlignedCharacter {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Replaces each character by `transform(character)` (zero, one or more code points), keeping its range. */
export function mapAlignedCharacters(
  characters: readonly AlignedCharacter[],
  transform: (character: string) => string,
): AlignedCharacter[] {
  const result: AlignedCharacter[] = [];
  for (const character of characters) {
    const transformed = transform(character.text);
    if (transformed === character.text) {
      result.push(character);
      continue;
    }
    for (const codePoint of transformed) result.push({ text: codePoint, start: character.start, end: character.end });
  }
  return result;
}

/** The normalized text of aligned characters. */
export function joinAlignedCharacters(characters: readonly AlignedCharacter[]): string {
  let text = '';
  for (const character of characters) text += character.text;
  return text;
}

/**
 * NFC over aligned characters. Composition only happens inside a cluster (a code point plus the marks or jamo
 * that follow it), so each cluster is normalized on its own and its output shares the cluster's range. If that
 * ever disagrees with NFC of the whole text, the whole text becomes one cluster (correct text, coarser offsets).
 */
export function composeAlignedCharacters(characters: readonly AlignedCharacter[]): AlignedCharacter[] {
  return normalizeAlignedCharacters(characters, (text) => text.normalize('NFC'));
}

/**
 * Any text normalizer over aligned characters, cluster by cluster as `composeAlignedCharacters` does for NFC:
 * each cluster's output shares the cluster's range, and a rule that looks across clusters (the per-cluster text
 * disagrees with normalizing the whole text) makes the whole text one cluster.
 */
export function normalizeAlignedCharacters(characters: readonly AlignedCharacter[], normalize: (text: string) => string): AlignedCharacter[] {
  const joined = joinAlignedCharacters(characters);
  const normalized = normalize(joined);
  if (normalized === joined) return [...characters];

  const clusters: AlignedCharacter[][] = [];
  for (const character of characters) {
    const last = clusters[clusters.length - 1];
    if (last !== undefined && mayComposeWithPrevious(character.text)) last.push(character);
    else clusters.push([character]);
  }
  const result: AlignedCharacter[] = [];
  for (const cluster of clusters) appendNormalizedCluster(result, cluster, normalize);
  if (joinAlignedCharacters(result) === normalized) return result;

  const wholeText: AlignedCharacter[] = [];
  appendNormalizedCluster(wholeText, [...characters], normalize);
  return wholeText;
}

function appendNormalizedCluster(result: AlignedCharacter[], cluster: readonly AlignedCharacter[], normalize: (text: string) => string): void {
  const first = cluster[0];
  const last = cluster[cluster.length - 1];
  if (first === undefined || last === undefined) return;
  for (const codePoint of normalize(joinAlignedCharacters(cluster))) {
    result.push({ text: codePoint, start: first.start, end: last.end });
  }
}
