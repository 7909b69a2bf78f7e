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
  const joined = joinAlignedCharacters(characters);
  const composed = joined.normalize('NFC');
  if (composed === joined) return [...characters];

  const clusters: AlignedCharacter[][] = [];
  for (const character of characters) {
    const last = clusters[clusters.length - 1];
    if (last !== undefined && mayComposeWithPrevious(character.text)) last.push(character);
    else clusters.push([character]);
  }
  const result: AlignedCharacter[] = [];
  for (const cluster of clusters) appendNormalizedCluster(result, cluster);
  if (joinAlignedCharacters(result) === composed) return result;

  const wholeText: AlignedCharacter[] = [];
  appendNormalizedCluster(wholeText, [...characters]);
  return wholeText;
}

function appendNormalizedCluster(result: AlignedCharacter[], cluster: readonly AlignedCharacter[]): void {
  const first = cluster[0];
  const last = cluster[cluster.length - 1];
  if (first === undefined || last === undefined) return;
  for (const codePoint of joinAlignedCharacters(cluster).normalize('NFC')) {
    result.push({ text: codePoint, start: first.start, end: last.end });
  }
}
