import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubCacheLayout } from './hub-cache-layout';

describe('hubCacheLayout', () => {
  it("mirrors huggingface_hub's models--<org>--<name> layout", () => {
    const layout = hubCacheLayout('/cache', 'org/tiny');
    expect(layout.repoFolder).toBe(path.join('/cache', 'models--org--tiny'));
    expect(layout.refFile('main')).toBe(path.join('/cache', 'models--org--tiny', 'refs', 'main'));
    expect(layout.snapshotFile('abc', 'config.json')).toBe(path.join('/cache', 'models--org--tiny', 'snapshots', 'abc', 'config.json'));
    expect(layout.absentMarker('abc', 'vocab.json')).toBe(path.join('/cache', 'models--org--tiny', '.no_exist', 'abc', 'vocab.json'));
    expect(layout.incompleteFolder).toBe(path.join('/cache', 'models--org--tiny', '.incomplete'));
  });

  it('names a repository without an org models--<name> and nests pull-request refs', () => {
    const layout = hubCacheLayout('/cache', 'tiny');
    expect(layout.repoFolder).toBe(path.join('/cache', 'models--tiny'));
    expect(layout.refFile('refs/pr/1')).toBe(path.join('/cache', 'models--tiny', 'refs', 'refs', 'pr', '1'));
  });
});
