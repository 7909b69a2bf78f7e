import { describe, expect, it } from 'vitest';
import { SequenceStore } from '../sequences/sequence-store';
import { IGNORE_INDEX } from './batch';
import { createCausalLMCollator } from './causal-lm-collator';

describe('createCausalLMCollator', () => {
  it('labels every real token with its own id and padding with -100', () => {
    // 50256 doubles as GPT-2's pad and end-of-text: the real one at the end of row 0 keeps its label.
    const store = SequenceStore.fromSequences([[464, 3797, 50256], [464]]);
    const batch = createCausalLMCollator({ padTokenId: 50256 })(store, [0, 1]);
    expect(batch.shape).toEqual([2, 3]);
    expect([...batch.inputIds]).toEqual([464, 3797, 50256, 464, 50256, 50256]);
    expect([...(batch.labels ?? [])]).toEqual([464, 3797, 50256, 464, IGNORE_INDEX, IGNORE_INDEX]);
    expect([...batch.attentionMask]).toEqual([1, 1, 1, 1, 0, 0]);
  });
});
