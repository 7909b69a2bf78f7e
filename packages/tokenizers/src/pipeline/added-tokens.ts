import type { TokenPiece } from './token-piece';

/** A token matched verbatim in the raw text before the model runs (special tokens and user-added tokens). */
export interface AddedToken {
  readonly content: string;
  readonly id: number;
  /** Special tokens are dropped by `decode(ids, { skipSpecialTokens: true })`. */
  readonly special: boolean;
  /** Swallow the whitespace on the left (RoBERTa's `<mask>`). */
  readonly leftStrip: boolean;
  /** Swallow the whitespace on the right. */
  readonly rightStrip: boolean;
  /** Only match when not inside a word. */
  readonly singleWord: boolean;
}

/** Defaults for an added token: special, no stripping, may match inside words. */
export function addedToken(content: string, id: number, options: Partial<Omit<AddedToken, 'content' | 'id'>> = {}): AddedToken {
  return {
    content,
    id,
    special: options.special ?? true,
    leftStrip: options.leftStrip ?? false,
    rightStrip: options.rightStrip ?? false,
    singleWord: options.singleWord ?? false,
  };
}

/** A stretch of input text: either plain text for the model, or an added token found in it. */
export type TextSegment =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  | { readonly kind: 'added'; readonly piece: TokenPiece };

const WHITESPACE = /\s/u;
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/** Looks added tokens up by their first UTF-16 unit, longest first, for leftmost-longest matching. */
export interface AddedTokenMatcher {
  readonly byFirstUnit: ReadonlyMap<string, readonly AddedToken[]>;
}

export function createAddedTokenMatcher(addedTokens: readonly AddedToken[]): AddedTokenMatcher {
  const byFirstUnit = new Map<string, AddedToken[]>();
  for (const token of addedTokens) {
    if (token.content.length === 0) continue;
    const firstUnit = token.content[0] ?? '';
    const list = byFirstUnit.get(firstUnit) ?? [];
    list.push(token);
    byFirstUnit.set(firstUnit, list);
  }
  for (const list of byFirstUnit.values()) list.sort((left, right) => right.content.length - left.content.length);
  return { byFirstUnit };
}

/**
 * Splits raw text around added tokens (leftmost, then longest match), as HF's added-token trie does before
 * normalization; `leftStrip`/`rightStrip` tokens swallow the neighbouring whitespace.
 */
export function splitOnAddedTokens(text: string, matcher: AddedTokenMatcher): TextSegment[] {
  const segments: TextSegment[] = [];
  if (matcher.byFirstUnit.size === 0) {
    if (text.length > 0) segments.push({ kind: 'text', text, start: 0 });
    return segments;
  }
  let textStart = 0;
  let position = 0;
  while (position < text.length) {
    const match = matchAt(text, position, matcher);
    if (match === undefined) {
      position += 1;
      continue;
    }
    const matchEnd = position + match.content.length;
    let textEnd = position;
    if (match.leftStrip) while (textEnd > textStart && WHITESPACE.test(text[textEnd - 1] ?? '')) textEnd -= 1;
    if (textEnd > textStart) segments.push({ kind: 'text', text: text.slice(textStart, textEnd), start: textStart });
    segments.push({ kind: 'added', piece: { token: match.content, id: match.id, start: position, end: matchEnd } });
    position = matchEnd;
    if (match.rightStrip) while (position < text.length && WHITESPACE.test(text[position] ?? '')) position += 1;
    textStart = position;
  }
  if (textStart < text.length) segments.push({ kind: 'text', text: text.slice(textStart), start: textStart });
  return segments;
}

function matchAt(text: string, position: number, matcher: AddedTokenMatcher): AddedToken | undefined {
  const candidates = matcher.byFirstUnit.get(text[position] ?? '');
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (!text.startsWith(candidate.content, position)) continue;
    if (candidate.singleWord && !isWholeWord(text, position, position + candidate.content.length)) continue;
    return candidate;
  }
  return undefined;
}

function isWholeWord(text: string, start: number, end: number): boolean {
  const before = start > 0 ? (text[start - 1] ?? '') : '';
  const after = end < text.length ? (text[end] ?? '') : '';
  return !WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after);
}
