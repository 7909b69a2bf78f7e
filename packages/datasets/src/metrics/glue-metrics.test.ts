import { NoSuchEntryError } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { glueComputeMetrics } from './glue-metrics';

const LABELS = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1];
const PREDICTIONS = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0];

describe('glueComputeMetrics', () => {
  it('uses the metric and keys of HF glue_compute_metrics per task', () => {
    expect(glueComputeMetrics('cola', PREDICTIONS, LABELS)).toEqual({ mcc: expect.closeTo(10 / Math.sqrt(600), 14) });
    expect(glueComputeMetrics('SST-2', PREDICTIONS, LABELS)).toEqual({ acc: 0.7 });
    expect(glueComputeMetrics('sst2', PREDICTIONS, LABELS)).toEqual({ acc: 0.7 });
    for (const task of ['mrpc', 'QQP']) {
      expect(glueComputeMetrics(task, PREDICTIONS, LABELS)).toEqual({ acc: 0.7, f1: expect.closeTo(8 / 11, 14), acc_and_f1: expect.closeTo((0.7 + 8 / 11) / 2, 14) });
    }
    expect(glueComputeMetrics('MNLI', [0, 1, 2, 2], [0, 1, 2, 1])).toEqual({ 'mnli/acc': 0.75 });
    expect(glueComputeMetrics('mnli-mm', [0, 1, 2, 2], [0, 1, 2, 1])).toEqual({ 'mnli-mm/acc': 0.75 });
    for (const task of ['qnli', 'RTE', 'wnli', 'hans']) expect(glueComputeMetrics(task, PREDICTIONS, LABELS)).toEqual({ acc: 0.7 });
    expect(glueComputeMetrics('ax', [0, 1, 2], [0, 1, 2])).toEqual({ mcc: 1 });
  });

  it('scores STS-B with pearson, spearmanr and corr (scipy values)', () => {
    const result = glueComputeMetrics('STS-B', [4.8, 3.9, 1.2, 0.4, 2.7, 3.3, 4.1, 0.9], [5.0, 3.8, 1.0, 0.0, 2.6, 3.0, 4.75, 1.5]);
    expect(result).toEqual({ pearson: expect.closeTo(0.9764585245845857, 13), spearmanr: expect.closeTo(0.9761904761904763, 13), corr: expect.closeTo(0.9763245003875309, 13) });
  });

  it('gives the edge values of the underlying libraries: CoLA 0 for constant predictions, STS-B NaN', () => {
    expect(glueComputeMetrics('cola', [1, 1, 1, 1], [1, 0, 1, 0])).toEqual({ mcc: 0 });
    const constant = glueComputeMetrics('sts-b', [2, 2, 2], [1, 2, 3]);
    expect(constant.pearson).toBeNaN();
    expect(constant.spearmanr).toBeNaN();
    expect(constant.corr).toBeNaN();
  });

  it('throws NoSuchEntryError for an unknown task, like HF KeyError', () => {
    expect(() => glueComputeMetrics('squad', [1], [1])).toThrow(NoSuchEntryError);
  });
});
