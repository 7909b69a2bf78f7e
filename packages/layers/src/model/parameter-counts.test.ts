// Spec G.1: trainable parameter counts on a bert-base-shaped model (random weights).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bertBaseShaped } from '@adapters/test-utils';
import type { BertModel } from '@adapters/models';
import { AdapterModel } from './adapter-model';

const EXPECTED: ReadonlyArray<[preset: string, parameters: number]> = [
  ['seq_bn', 894_528],
  ['double_seq_bn', 1_789_056],
  ['par_bn', 7_091_712],
  ['scaled_par_bn', 7_091_724],
  ['seq_bn_inv', 1_190_592],
  ['double_seq_bn_inv', 2_085_120],
  ['compacter++', 28_576],
  ['compacter', 57_088],
  ['prefix_tuning', 9_872_384],
  ['prefix_tuning_flat', 552_960],
  ['lora', 294_912],
  ['ia3', 55_296],
  ['mam', 22_493_984],
  ['prompt_tuning', 7_680],
  ['seq_bn_inv[inv_adapter=glow]', 894_528 + 444_288],
];

describe('parameter counts on bert-base (spec G.1)', () => {
  let backbone: BertModel;
  let model: AdapterModel<unknown, unknown>;

  beforeAll(() => {
    backbone = bertBaseShaped();
    model = new AdapterModel(backbone as never);
  });

  afterAll(() => {
    model.dispose();
    backbone.dispose();
  });

  it('has the 109.48M-parameter backbone of BertModel', () => {
    expect(backbone.parameterCount()).toBe(109_482_240);
  });

  it.each(EXPECTED)('%s trains %i parameters', (preset, parameters) => {
    model.addAdapter('counted', preset);
    model.trainAdapter('counted');
    const trainable = model.trainableVariables().reduce((total, variable) => total + variable.size, 0);
    expect(trainable).toBe(parameters);
    const row = model.adapterSummaryRows().find((candidate) => candidate.name === 'counted')!;
    expect(row.parameters).toBe(parameters);
    expect(row.percentOfBackbone).toBeCloseTo((100 * parameters) / 109_482_240, 6);
    model.deleteAdapter('counted');
  });

  it('ejecting a prefix-tuning adapter leaves the flat parameter count', () => {
    model.addAdapter('prefix', 'prefix_tuning');
    model.ejectPrefixTuning('prefix');
    expect(model.adapterEntry('prefix').parameterCount()).toBe(552_960);
    model.deleteAdapter('prefix');
  });
});
