import { InvalidConfigError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { createPaddingCollator, padTokenIdOf } from '../collators/padding-collator';
import { sharedTokenizer } from '../testing/test-support';
import { convertGlueExamplesToFeatures } from './convert-glue-examples';
import { readGlueExamples, type GlueExample } from './read-glue-examples';

const tokenizer = sharedTokenizer('bert-base-uncased');

describe('convertGlueExamplesToFeatures', () => {
  it('matches tokenizer(textA, textB, max_length, truncation=True, padding="max_length") once padded to maxSeqLength', async () => {
    const { examples } = await readGlueExamples('mrpc', 'dev');
    const slice = examples.slice(0, 50);
    const features = convertGlueExamplesToFeatures(slice, tokenizer, 'mrpc', { maxSeqLength: 64 });
    expect(features.size).toBe(50);
    const batch = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer), padTo: 64 })(features, Array.from({ length: 50 }, (_, index) => index));
    expect(batch.shape).toEqual([50, 64]);
    slice.forEach((example, row) => {
      const expected = tokenizer.encode(example.textA, example.textB, { maxLength: 64, truncation: 'longest_first', padding: 'max_length' });
      expect([...batch.inputIds.subarray(row * 64, (row + 1) * 64)]).toEqual(expected.inputIds);
      expect([...batch.tokenTypeIds.subarray(row * 64, (row + 1) * 64)]).toEqual(expected.tokenTypeIds);
      expect([...batch.attentionMask.subarray(row * 64, (row + 1) * 64)]).toEqual(expected.attentionMask);
    });
    expect([...(batch.labels ?? [])]).toEqual(slice.map((example) => Number(example.label)));
  });

  it('featurizes a slice of SST-2 train: [CLS] text [SEP], label ids, at most maxSeqLength tokens', async () => {
    const { examples } = await readGlueExamples('SST-2', 'train');
    const slice = examples.slice(0, 2000);
    const features = convertGlueExamplesToFeatures(slice, tokenizer, 'sst-2', { maxSeqLength: 16 });
    const cls = tokenizer.tokenToId('[CLS]');
    const sep = tokenizer.tokenToId('[SEP]');
    for (let row = 0; row < features.size; row += 1) {
      const ids = features.inputIdsAt(row);
      expect(ids.length).toBeLessThanOrEqual(16);
      expect(ids[0]).toBe(cls);
      expect(ids[ids.length - 1]).toBe(sep);
      expect(features.labelAt(row)).toBe(Number(slice[row]?.label));
    }
    expect(features.labels).toBeInstanceOf(Int32Array);
    // The first row decodes back to its (lower-cased) sentence.
    expect(tokenizer.decode([...features.inputIdsAt(0)], { skipSpecialTokens: true })).toBe('hide new secretions from the parental units');
    expect(Math.max(...features.lengths())).toBe(16);
  });

  it('truncates the longer text of a pair first and marks the second segment with token type 1', () => {
    const example: GlueExample = { guid: 'dev-0', textA: 'one two three four five six seven eight nine ten', textB: 'yes no', label: 'entailment', line: 2 };
    const features = convertGlueExamplesToFeatures([example], tokenizer, 'rte', { maxSeqLength: 10 });
    const tokens = [...features.inputIdsAt(0)].map((id) => tokenizer.idToToken(id));
    expect(tokens).toEqual(['[CLS]', 'one', 'two', 'three', 'four', 'five', '[SEP]', 'yes', 'no', '[SEP]']);
    expect([...(features.tokenTypeIdsAt(0) ?? [])]).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect([...(features.labels ?? [])]).toEqual([0]);
  });

  it('gives float labels for STS-B and none for a test split', async () => {
    const dev = await readGlueExamples('sts-b', 'dev');
    const features = convertGlueExamplesToFeatures(dev.examples.slice(0, 3), tokenizer, 'sts-b');
    expect(features.labels).toBeInstanceOf(Float32Array);
    expect([...(features.labels ?? [])]).toEqual([5, 4.75, 5].map((value) => Math.fround(value)));
    const test = await readGlueExamples('sts-b', 'test');
    expect(convertGlueExamplesToFeatures(test.examples.slice(0, 3), tokenizer, 'sts-b').labels).toBeUndefined();
  });

  it('rejects a bad maxSeqLength and a label outside the task', () => {
    const example: GlueExample = { guid: 'x', textA: 'a', textB: null, label: '7', line: 9 };
    expect(() => convertGlueExamplesToFeatures([example], tokenizer, 'sst-2', { maxSeqLength: 0 })).toThrow(InvalidConfigError);
    expect(() => convertGlueExamplesToFeatures([example], tokenizer, 'sst-2')).toThrow(/line 9/);
  });
});
