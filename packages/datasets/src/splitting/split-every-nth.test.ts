import { describe, expect, it } from 'vitest';
import { splitEveryNth } from './split-every-nth';

describe('splitEveryNth', () => {
  it('sends every Nth item (or group) to dev, deterministically', () => {
    expect(splitEveryNth(['a', 'b', 'c', 'd', 'e', 'f'], 3)).toEqual({ train: ['a', 'b', 'd', 'e'], dev: ['c', 'f'] });
    const items = [{ group: 0 }, { group: 1 }, { group: 1 }, { group: 2 }];
    expect(splitEveryNth(items, 2, (item) => item.group).dev).toEqual([{ group: 1 }, { group: 1 }]);
    expect(() => splitEveryNth([1], 1)).toThrow(/every/);
  });
});
