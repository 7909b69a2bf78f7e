import { describe, expect, it } from 'vitest';
import { glueComputeMetrics } from '@adapters/datasets';
import { runGlueMetricNames } from './glue-evaluation';

describe('runGlueMetricNames', () => {
  it("renames HF's legacy glue_compute_metrics keys to run_glue's, with combined_score for several", () => {
    expect(runGlueMetricNames(glueComputeMetrics('sst-2', [1, 0, 1, 1], [1, 0, 0, 1]))).toEqual({ accuracy: 0.75 });
    expect(runGlueMetricNames(glueComputeMetrics('mnli', [0, 1], [0, 2]))).toEqual({ accuracy: 0.5 });
    expect(Object.keys(runGlueMetricNames(glueComputeMetrics('cola', [0, 1, 1, 0], [0, 1, 0, 0])))).toEqual(['matthews_correlation']);
    // mrpc: accuracy 0.75, f1 of 2 true positives, 1 false positive, 0 false negatives = 0.8.
    const mrpc = runGlueMetricNames(glueComputeMetrics('mrpc', [1, 1, 1, 0], [1, 1, 0, 0]));
    expect(mrpc.accuracy).toBe(0.75);
    expect(mrpc.f1).toBeCloseTo(0.8, 12);
    expect(mrpc.combined_score).toBeCloseTo(0.775, 12);
    expect(Object.keys(runGlueMetricNames(glueComputeMetrics('sts-b', [0.1, 0.5, 0.9], [0, 0.4, 1])))).toEqual(['pearson', 'spearmanr', 'combined_score']);
  });
});
