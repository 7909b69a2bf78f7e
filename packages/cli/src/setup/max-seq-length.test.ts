import { describe, expect, it } from 'vitest';
import { clampMaxSeqLength, longestModelInput } from './max-seq-length';

describe('longestModelInput / clampMaxSeqLength', () => {
  it("takes max_position_embeddings (RoBERTa: less its pad offset, 514 → 512, HF's model_max_length)", () => {
    expect(longestModelInput({ maxPositionEmbeddings: 512, modelType: 'bert', padTokenId: 0 })).toBe(512);
    expect(longestModelInput({ maxPositionEmbeddings: 514, modelType: 'roberta', padTokenId: 1 })).toBe(512);
    expect(longestModelInput({ maxPositionEmbeddings: 514, modelType: 'xlm-roberta', padTokenId: 1 })).toBe(512);
    expect(longestModelInput({})).toBeUndefined();
  });

  it('lowers a longer --max_seq_length with a warning, and leaves a fitting one alone', () => {
    const lines: string[] = [];
    const flags = { maxSeqLength: 1024, taskName: 'rte' };
    expect(clampMaxSeqLength(flags, 512, (line) => lines.push(line))).toEqual({ maxSeqLength: 512, taskName: 'rte' });
    expect(lines).toEqual(['warning: --max_seq_length 1024 is larger than the model takes (512 positions); using --max_seq_length 512']);
    expect(clampMaxSeqLength({ maxSeqLength: 128 }, 512, (line) => lines.push(line))).toEqual({ maxSeqLength: 128 });
    expect(lines).toHaveLength(1);
  });
});
