import { describe, expect, it } from 'vitest';
import { Fuse, Stack } from './block-constructors';
import { defaultFuseName, fuseName } from './fuse-name';

describe('fusion names', () => {
  it('joins names with commas; a Stack child contributes its last adapter', () => {
    expect(defaultFuseName(['a', 'b', 'c'])).toBe('a,b,c');
    expect(defaultFuseName([Stack('en', 'x'), 'y'])).toBe('x,y');
  });

  it('uses the explicit name when there is one', () => {
    expect(fuseName(Fuse({ name: 'mix' }, 'a', 'b'))).toBe('mix');
    expect(fuseName(Fuse('a', 'b'))).toBe('a,b');
    expect(fuseName({ kind: 'fuse', children: ['a', 'b'], name: '' })).toBe('a,b');
  });
});
