import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import { catchCompositionError } from './composition-test-helpers';
import { compositionFromDict, compositionToDict, isLibraryDict } from './library-dict';
import { parseComposition } from './parse-composition';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixturesFolder = process.env.ADAPTERS_FIXTURES ?? path.resolve(repositoryRoot, '../shared/fixtures');

function findCaseFiles(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const child = path.join(folder, name);
    if (statSync(child).isDirectory()) found.push(...findCaseFiles(child));
    else if (name === 'case.json') found.push(child);
  }
  return found.sort();
}

interface CaseSetups {
  case: string;
  active_setup: unknown;
  active_setup_library: unknown;
}

const fixtureCases = existsSync(fixturesFolder)
  ? findCaseFiles(fixturesFolder)
      .map((file) => JSON.parse(readFileSync(file, 'utf8')) as CaseSetups)
      .filter((entry) => entry.active_setup !== null && entry.active_setup !== undefined)
  : [];

describe('fixture setups round-trip with the library form', () => {
  it('finds cases with an active setup', () => {
    expect(fixtureCases.length, `no case.json with an active_setup under ${fixturesFolder}`).toBeGreaterThan(0);
  });

  it.each(fixtureCases.map((entry) => [entry.case, entry] as const))('%s', (_name, entry) => {
    const block = parseComposition(entry.active_setup);
    expect(block).not.toBeNull();
    if (block === null) return;
    expect(compositionToDict(block)).toEqual(entry.active_setup_library);
    // Key order too, so a written adapter_setup.json matches the library's byte for byte.
    expect(JSON.stringify(compositionToDict(block))).toBe(JSON.stringify(entry.active_setup_library));
    expect(parseComposition(entry.active_setup_library)).toEqual(block);
  });
});

describe('compositionToDict', () => {
  it('writes the shape of the library (adapter_setup.json, PR #771 example)', () => {
    expect(compositionToDict(Stack(Fuse('a', 'b'), 'c'))).toEqual({
      type: 'Stack',
      children: [
        { type: 'Fuse', children: [{ type: 'single', children: ['a'] }, { type: 'single', children: ['b'] }] },
        { type: 'single', children: ['c'] },
      ],
    });
  });

  it('writes kwargs only for blocks that have them', () => {
    expect(compositionToDict(Parallel('a', 'b'))).not.toHaveProperty('kwargs');
    expect(compositionToDict(Split({ splits: 4 }, 'a', 'b')).kwargs).toEqual({ splits: [4, 4] });
    expect(compositionToDict(BatchSplit({ batchSizes: [1, 3] }, 'a', 'b')).kwargs).toEqual({ batch_sizes: [1, 3] });
    expect(compositionToDict(Average({ weights: [3, 1] }, 'a', 'b')).kwargs).toEqual({ weights: [0.75, 0.25] });
  });

  it('keeps a custom fusion name and un-normalised weights as kwargs the library loader accepts', () => {
    expect(compositionToDict(Fuse({ name: 'mix' }, 'a', 'b')).kwargs).toEqual({ name: 'mix' });
    expect(compositionToDict(Fuse({ name: 'a,b' }, 'a', 'b'))).not.toHaveProperty('kwargs');
    const raw = Average({ weights: [2, 1], normalizeWeights: false }, 'a', 'b');
    expect(compositionToDict(raw).kwargs).toEqual({ weights: [2, 1], normalize_weights: false });
    expect(compositionFromDict(compositionToDict(raw))).toEqual(raw);
    expect(compositionFromDict(compositionToDict(Fuse({ name: 'mix' }, 'a', 'b')))).toEqual(Fuse({ name: 'mix' }, 'a', 'b'));
  });

  it('round-trips a deep setup', () => {
    const setup = Stack('lang', Split({ splits: [2, 3] }, Stack('x', 'y'), BatchSplit({ batchSizes: 1 }, 'a', 'b')), Average('p', 'q'));
    expect(compositionFromDict(compositionToDict(setup))).toEqual(setup);
  });
});

describe('compositionFromDict', () => {
  it('reads a single entry as its adapter name', () => {
    expect(compositionFromDict({ type: 'single', children: ['a'] })).toBe('a');
    expect(isLibraryDict({ type: 'Stack', children: [] })).toBe(true);
    expect(isLibraryDict({ stack: [] })).toBe(false);
  });

  it('normalises saved raw weights again on load, as the library constructor does', () => {
    const loaded = compositionFromDict({ type: 'Average', children: [{ type: 'single', children: ['a'] }, { type: 'single', children: ['b'] }], kwargs: { weights: [1, 3] } });
    expect(loaded).toEqual(Average({ weights: [0.25, 0.75] }, 'a', 'b'));
  });

  it('rejects unknown types, unknown kwargs and malformed singles', () => {
    expect(catchCompositionError(() => compositionFromDict({ type: 'MultiTask', children: [] })).block).toBe('MultiTask');
    const kwargsError = catchCompositionError(() => compositionFromDict({ type: 'Stack', children: [{ type: 'single', children: ['a'] }], kwargs: { splits: [1] } }));
    expect(kwargsError.message).toContain('does not take the keyword "splits"');
    expect(catchCompositionError(() => compositionFromDict({ type: 'single', children: ['a', 'b'] })).block).toBe('single');
    expect(catchCompositionError(() => compositionFromDict('a')).block).toBe('AdapterSetup');
  });

  it('applies the nesting table while rebuilding', () => {
    const error = catchCompositionError(() =>
      compositionFromDict({ type: 'Fuse', children: [{ type: 'Parallel', children: [{ type: 'single', children: ['a'] }] }] }),
    );
    expect(error.block).toBe('Fuse');
    expect(error.child).toBe('Parallel[a]');
  });
});
