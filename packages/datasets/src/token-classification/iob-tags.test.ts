import { describe, expect, it } from 'vitest';
import { insideTag, iob1ToIob2, labelListOf } from './iob-tags';

describe('IOB tags', () => {
  it('iob1ToIob2 starts every entity with B-, keeps B- between adjacent same-type entities', () => {
    expect(iob1ToIob2(['I-PER', 'I-PER', 'O', 'I-LOC', 'I-ORG', 'I-ORG', 'B-ORG', 'I-ORG', 'B-MISC'])).toEqual(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-ORG', 'I-ORG', 'B-ORG', 'I-ORG', 'B-MISC']);
    expect(iob1ToIob2(['B-PER', 'I-PER', 'O'])).toEqual(['B-PER', 'I-PER', 'O']);
  });

  it('insideTag and labelListOf', () => {
    expect([insideTag('B-PER'), insideTag('I-PER'), insideTag('O')]).toEqual(['I-PER', 'I-PER', 'O']);
    expect(labelListOf([{ tags: ['O', 'B-PER'] }, { tags: ['I-PER', 'B-LOC', 'O'] }])).toEqual(['B-LOC', 'B-PER', 'I-PER', 'O']);
  });
});
