import { describe, expect, it } from 'vitest';
import { addedToken, createAddedTokenMatcher, splitOnAddedTokens, type TextSegment } from './added-tokens';

function describeSegments(segments: readonly TextSegment[]): string[] {
  return segments.map((segment) => (segment.kind === 'text' ? `text@${segment.start}:${segment.text}` : `added@${segment.piece.start}-${segment.piece.end}:${segment.piece.token}`));
}

describe('splitOnAddedTokens', () => {
  it('splits leftmost, then longest', () => {
    const matcher = createAddedTokenMatcher([addedToken('<a>', 1), addedToken('<a><b>', 2), addedToken('<b>', 3)]);
    expect(describeSegments(splitOnAddedTokens('x<a><b>y<b>', matcher))).toEqual(['text@0:x', 'added@1-7:<a><b>', 'text@7:y', 'added@8-11:<b>']);
  });

  it('matches inside words unless single-word', () => {
    expect(describeSegments(splitOnAddedTokens('ab[X]cd', createAddedTokenMatcher([addedToken('[X]', 1)])))).toEqual(['text@0:ab', 'added@2-5:[X]', 'text@5:cd']);
    const singleWord = createAddedTokenMatcher([addedToken('cat', 1, { singleWord: true })]);
    expect(describeSegments(splitOnAddedTokens('concat cat', singleWord))).toEqual(['text@0:concat ', 'added@7-10:cat']);
  });

  it('swallows whitespace for lstrip and rstrip tokens', () => {
    const matcher = createAddedTokenMatcher([addedToken('<mask>', 9, { leftStrip: true }), addedToken('<r>', 8, { rightStrip: true })]);
    expect(describeSegments(splitOnAddedTokens('Hello  <mask>!<r>  x', matcher))).toEqual([
      'text@0:Hello',
      'added@7-13:<mask>',
      'text@13:!',
      'added@14-17:<r>',
      'text@19:x',
    ]);
  });

  it('returns the whole text, or nothing, when there is nothing to split', () => {
    expect(describeSegments(splitOnAddedTokens('plain', createAddedTokenMatcher([])))).toEqual(['text@0:plain']);
    expect(splitOnAddedTokens('', createAddedTokenMatcher([addedToken('<a>', 1)]))).toEqual([]);
  });
});
