import { describe, expect, it } from 'vitest';
import { ModelWithHeads } from '@adapters/auto';
import { getGlueTask } from '@adapters/datasets';
import { tinyBert } from '@adapters/test-utils';
import { disposeModel } from './load-model';
import { ensureGlueHead } from './glue-head';

describe('ensureGlueHead', () => {
  it('adds a head named after the task with its labels (one output for STS-B) and drops the other heads', () => {
    const model = new ModelWithHeads(tinyBert());
    try {
      model.addMaskedLmHead('default');
      ensureGlueHead(model, 'mnli', getGlueTask('mnli'));
      expect(model.headNames()).toEqual(['mnli']);
      expect(model.activeHead).toBe('mnli');
      expect(model.getHead('mnli').headConfig()).toMatchObject({ num_labels: 3, label2id: { contradiction: 0, entailment: 1, neutral: 2 } });
      // run_glue's id2label for SST-2 comes from HF datasets' label names, not the TSV's digits.
      ensureGlueHead(model, 'sst-2', getGlueTask('sst-2'));
      expect(model.getHead('sst-2').headConfig()).toMatchObject({ label2id: { negative: 0, positive: 1 } });
      ensureGlueHead(model, 'sts-b', getGlueTask('sts-b'));
      expect(model.headNames()).toEqual(['sts-b']);
      expect(model.getHead('sts-b').headConfig()).toMatchObject({ head_type: 'classification', num_labels: 1 });
      // A head already there (loaded with --load_adapter) is kept when its label count fits, refused otherwise.
      expect(() => ensureGlueHead(model, 'sts-b', { ...getGlueTask('rte'), name: 'rte' })).toThrow(expect.objectContaining({ path: '--load_adapter' }));
    } finally {
      disposeModel(model);
    }
  });
});
