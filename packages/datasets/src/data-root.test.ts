import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataRoot, glueDataRoot, REPO_ROOT } from './data-root';

const saved = process.env.ADAPTERS_DATA;
afterEach(() => {
  if (saved === undefined) delete process.env.ADAPTERS_DATA;
  else process.env.ADAPTERS_DATA = saved;
});

describe('dataRoot', () => {
  it('finds the repository root from this file', () => {
    expect(existsSync(path.join(REPO_ROOT, 'packages', 'datasets', 'package.json'))).toBe(true);
  });

  it('defaults to ../shared/data beside the repository', () => {
    delete process.env.ADAPTERS_DATA;
    expect(dataRoot()).toBe(path.resolve(REPO_ROOT, '../shared/data'));
    expect(glueDataRoot()).toBe(path.resolve(REPO_ROOT, '../shared/data/glue'));
  });

  it('follows ADAPTERS_DATA, absolute or relative to the repository root', () => {
    process.env.ADAPTERS_DATA = '/somewhere/data';
    expect(dataRoot()).toBe(path.resolve('/somewhere/data'));
    process.env.ADAPTERS_DATA = 'local-data';
    expect(glueDataRoot()).toBe(path.join(REPO_ROOT, 'local-data', 'glue'));
  });
});
