import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import type { CompositionBlock } from './composition-block';
import { catchCompositionError } from './composition-test-helpers';
import { PARALLEL_MODEL_TYPES } from './parallel-model-types';
import { validateSetup } from './validate-setup';

describe('validateSetup depth', () => {
  it('allows Stack blocks and names below level 1', () => {
    expect(() => validateSetup(Stack(Fuse(Stack('a', 'b'), 'c')))).not.toThrow();
    expect(() => validateSetup(Parallel(Stack('a', 'b'), Stack('c', 'd')))).not.toThrow();
  });

  it('rejects any other block below level 1, even where the nesting table allows it', () => {
    const error = catchCompositionError(() => validateSetup(Stack(Parallel(BatchSplit({ batchSizes: 1 }, 'a', 'b'), 'c'))));
    expect(error.block).toBe('Parallel');
    expect(error.child).toBe('BatchSplit[a, b]');
    expect(error.message).toContain('too deep');
    expect(error.message).toContain('level 2');
    expect(catchCompositionError(() => validateSetup(Split({ splits: 2 }, Split({ splits: 1 }, Average('a', 'b'), 'c'), 'd'))).child).toBe(
      'Average[a, b]',
    );
  });

  it('counts levels from the setup it is given (a bare Fuse at the top is level 0)', () => {
    expect(() => validateSetup(Fuse(Stack('a', 'b'), 'c'))).not.toThrow();
  });
});

describe('validateSetup names', () => {
  const setup = Stack('lang', Fuse('a', 'b'));

  it('accepts known names from a set or a list', () => {
    expect(() => validateSetup(setup, { available: new Set(['lang', 'a', 'b']) })).not.toThrow();
    expect(() => validateSetup(setup, { available: ['lang', 'a', 'b', 'unused'] })).not.toThrow();
  });

  it('names the unknown adapter, its block and what is available', () => {
    const error = catchCompositionError(() => validateSetup(setup, { available: ['lang', 'a'] }));
    expect(error.block).toBe('Fuse');
    expect(error.child).toBe('b');
    expect(error.message).toBe('Unknown adapter "b" in Fuse[a, b]. Available adapters: lang, a.');
    expect(catchCompositionError(() => validateSetup('x', { available: [] })).message).toContain('(none added)');
  });
});

describe('validateSetup model types', () => {
  it('allows Parallel for the library whitelist', () => {
    for (const modelType of ['bert', 'roberta', 'xlm-roberta', 'distilbert', 'gpt2', 'bart', 't5']) {
      expect(PARALLEL_MODEL_TYPES).toContain(modelType);
      expect(() => validateSetup(Parallel('a', 'b'), { modelType })).not.toThrow();
    }
  });

  it('rejects Parallel for other model types, nested ones included', () => {
    const error = catchCompositionError(() => validateSetup(Parallel('a', 'b'), { modelType: 'gpt_neox' }));
    expect(error.block).toBe('Parallel');
    expect(error.message).toContain('"gpt_neox"');
    expect(catchCompositionError(() => validateSetup(Stack('x', Parallel('a', 'b')), { modelType: 'gpt_neox' })).block).toBe('Parallel');
    expect(() => validateSetup(Stack('x', BatchSplit({ batchSizes: 1 }, 'a', 'b')), { modelType: 'gpt_neox' })).not.toThrow();
  });
});

describe('validateSetup arguments of hand-written blocks', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an empty block', { kind: 'stack', children: [] }, 'at least one child'],
    ['a nested empty block', { kind: 'stack', children: ['a', { kind: 'parallel', children: [] }] }, 'at least one child'],
    ['too few splits', { kind: 'split', children: ['a', 'b'], splits: [4] }, '1 splits for 2 children'],
    ['a zero batch size', { kind: 'batch-split', children: ['a', 'b'], batchSizes: [0, 2] }, 'positive integers'],
    ['missing splits', { kind: 'split', children: ['a'] }, 'needs splits'],
    ['raw weights marked normalised', { kind: 'average', children: ['a', 'b'], weights: [2, 1], normalizeWeights: true }, 'sum to 3'],
    ['too many weights', { kind: 'average', children: ['a'], weights: [0.5, 0.5], normalizeWeights: true }, '2 weights for 1 children'],
    ['a Fuse without a name', { kind: 'fuse', children: ['a', 'b'], name: '' }, 'non-empty fusion name'],
    ['an empty adapter name', { kind: 'stack', children: [''] }, 'adapter names (non-empty strings)'],
    ['a number as a child', { kind: 'stack', children: [7] }, 'got 7'],
  ];

  it.each(cases)('rejects %s', (_label, literal, expected) => {
    expect(catchCompositionError(() => validateSetup(literal as CompositionBlock)).message).toContain(expected);
  });

  it('accepts raw weights when normalizeWeights is false', () => {
    expect(() => validateSetup({ kind: 'average', children: ['a', 'b'], weights: [2, 1], normalizeWeights: false })).not.toThrow();
  });

  it('rejects something that is not a setup at all', () => {
    const error = catchCompositionError(() => validateSetup({ stack: ['a'] } as unknown as CompositionBlock));
    expect(error.block).toBe('AdapterSetup');
  });
});
