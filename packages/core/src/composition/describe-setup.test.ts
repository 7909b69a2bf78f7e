import { describe, expect, it } from 'vitest';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import type { AdapterSetup } from './composition-block';
import { describeSetup } from './describe-setup';

describe('describeSetup', () => {
  it('prints the library repr', () => {
    expect(describeSetup(Stack('a', Fuse('b', 'c')))).toBe('Stack[a, Fuse[b, c]]');
    expect(describeSetup(Stack(Parallel(BatchSplit({ batchSizes: 1 }, 'a', 'b'), Average('d')), Split({ splits: 1 }, 'c')))).toBe(
      'Stack[Parallel[BatchSplit[a, b], Average[d]], Split[c]]',
    );
    expect(describeSetup('a')).toBe('a');
  });

  it('never throws on malformed input', () => {
    expect(describeSetup({ kind: 'odd', children: undefined } as unknown as AdapterSetup)).toBe('odd[]');
  });
});
