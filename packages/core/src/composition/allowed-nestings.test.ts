import { describe, expect, it } from 'vitest';
import { ALLOWED_NESTINGS, describeAllowedChildren, isNestingAllowed, type NestableKind } from './allowed-nestings';
import { BLOCK_KINDS, LIBRARY_BLOCK_NAMES, type AdapterSetup, type BlockKind } from './composition-block';
import { buildBlock, catchCompositionError, literalBlock } from './composition-test-helpers';
import { describeSetup } from './describe-setup';
import { validateSetup } from './validate-setup';

const CHILD_KINDS: readonly NestableKind[] = ['name', ...BLOCK_KINDS];

/** A child of the given kind whose own children are plain names, so depth never matters here. */
function sampleChild(kind: NestableKind): AdapterSetup {
  return kind === 'name' ? 'c' : buildBlock(kind, ['c', 'd']);
}

const pairs = BLOCK_KINDS.flatMap((parent) => CHILD_KINDS.map((child) => ({ parent, child })));
const allowedPairs = pairs.filter(({ parent, child }) => ALLOWED_NESTINGS[parent].includes(child));
const forbiddenPairs = pairs.filter(({ parent, child }) => !ALLOWED_NESTINGS[parent].includes(child));

describe('ALLOWED_NESTINGS', () => {
  it('is the library table (spec C.1) exactly', () => {
    expect(ALLOWED_NESTINGS).toEqual({
      stack: ['name', 'fuse', 'split', 'parallel', 'batch-split', 'average'],
      fuse: ['name', 'stack'],
      split: ['name', 'split', 'stack', 'batch-split', 'average'],
      parallel: ['name', 'stack', 'batch-split', 'average'],
      'batch-split': ['name', 'stack', 'split', 'batch-split', 'average'],
      average: ['name', 'stack', 'split', 'batch-split'],
    });
    expect(allowedPairs).toHaveLength(26);
    expect(forbiddenPairs).toHaveLength(16);
    expect(Object.isFrozen(ALLOWED_NESTINGS)).toBe(true);
    expect(Object.isFrozen(ALLOWED_NESTINGS.stack)).toBe(true);
  });

  it('words the allowed children for messages', () => {
    expect(describeAllowedChildren('fuse')).toBe('adapter names and Stack blocks');
    expect(describeAllowedChildren('average')).toBe('adapter names, Stack, Split and BatchSplit blocks');
  });
});

describe.each(allowedPairs)('allowed: $parent may contain $child', ({ parent, child }) => {
  it('builds with the constructor and validates', () => {
    const block = buildBlock(parent, ['a', sampleChild(child)]);
    expect(isNestingAllowed(parent, sampleChild(child))).toBe(true);
    expect(() => validateSetup(block)).not.toThrow();
  });
});

describe.each(forbiddenPairs)('forbidden: $parent cannot contain $child', ({ parent, child }) => {
  const parentName = LIBRARY_BLOCK_NAMES[parent as BlockKind];
  const offending = sampleChild(child);
  const childText = describeSetup(offending);

  it('the constructor throws a CompositionError naming both', () => {
    const error = catchCompositionError(() => buildBlock(parent, ['a', offending]));
    expect(error.block).toBe(parentName);
    expect(error.child).toBe(childText);
    expect(error.message).toContain(`${parentName} cannot contain ${childText}`);
    expect(error.message).toContain(describeAllowedChildren(parent));
  });

  it('validateSetup rejects the same pair written as a literal', () => {
    const error = catchCompositionError(() => validateSetup(literalBlock(parent, ['a', offending])));
    expect(error.block).toBe(parentName);
    expect(error.child).toBe(childText);
    expect(error.message).toContain(`${parentName} cannot contain ${childText}`);
  });
});
