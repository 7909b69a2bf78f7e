import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdaptersError } from '../errors/adapters-error';
import { PlatformError } from '../errors/platform-error';
import { findNodeModule, nodeModule, requireNodeModule } from './node-module';

describe('nodeModule (Node built-ins loaded at call time)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hands out the real built-in under Node, members bound', () => {
    const path = nodeModule<typeof import('node:path')>('node:path');
    const { join } = path;
    expect(join('a', 'b')).toBe(`a${path.sep}b`);
    expect(findNodeModule('node:path')).toBe(process.getBuiltinModule('node:path'));
  });

  it('outside Node: destructuring still works, calling throws a PlatformError naming the module', () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const { readFile } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
    let caught: unknown;
    try {
      void readFile('x.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PlatformError);
    expect(AdaptersError.isInstance(caught) && caught.code).toBe('platform');
    expect((caught as PlatformError).message).toMatch(/^node:fs\/promises is not available in this runtime/);
    expect(() => requireNodeModule('node:os')).toThrow(PlatformError);
    expect(findNodeModule('node:os')).toBeUndefined();
  });
});
