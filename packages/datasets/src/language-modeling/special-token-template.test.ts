import { describe, expect, it } from 'vitest';
import { sharedTokenizer } from '../testing/test-support';
import { singleSequenceTemplate } from './special-token-template';

describe('singleSequenceTemplate', () => {
  it('finds [CLS] … [SEP] for BERT, <s> … </s> for RoBERTa and nothing for GPT-2', () => {
    expect(singleSequenceTemplate(sharedTokenizer('bert-base-uncased'))).toEqual({ prefix: [101], suffix: [102] });
    expect(singleSequenceTemplate(sharedTokenizer('roberta-base'))).toEqual({ prefix: [0], suffix: [2] });
    expect(singleSequenceTemplate(sharedTokenizer('gpt2'))).toEqual({ prefix: [], suffix: [] });
  });
});
