import * as tf from '@tensorflow/tfjs-core';
import { batchTensors, type ModelWithHeads } from '@adapters/auto';
import type { ProgressOutput } from '@adapters/trainer';
import { evaluationProgress } from './evaluation-progress';
import { argmaxRows, createPaddingCollator, glueComputeMetrics, iterateBatches, type GlueTask, type SequenceStore } from '@adapters/datasets';

export interface GlueEvaluationOptions {
  readonly head: string;
  readonly batchSize: number;
  readonly padTokenId: number;
  /** Pad every batch to this length (`--pad_to_max_length`); default: the longest row of the batch. */
  readonly padTo?: number | undefined;
  /** Progress while scoring (default: on stderr); false for none. */
  readonly progress?: ProgressOutput | false;
}

// HF's legacy `glue_compute_metrics` names → the names run_glue.py reports today (the `evaluate` glue metric).
const RUN_GLUE_NAMES: Readonly<Record<string, string>> = { acc: 'accuracy', 'mnli/acc': 'accuracy', 'mnli-mm/acc': 'accuracy', mcc: 'matthews_correlation', f1: 'f1', pearson: 'pearson', spearmanr: 'spearmanr' };

/**
 * run_glue.py's metric names, the ones every command reports (`accuracy` as `adapters mc` has it, not `acc`):
 * `accuracy`, `f1`, `matthews_correlation`, `pearson`, `spearmanr`, and with several of them their mean as
 * `combined_score` (HF's `acc_and_f1` and `corr`).
 */
export function runGlueMetricNames(legacy: Readonly<Record<string, number>>): Record<string, number> {
  const renamed = Object.fromEntries(Object.entries(legacy).flatMap(([name, value]) => (RUN_GLUE_NAMES[name] === undefined ? [] : [[RUN_GLUE_NAMES[name], value]])));
  const values = Object.values(renamed);
  return values.length > 1 ? { ...renamed, combined_score: values.reduce((sum, value) => sum + value, 0) / values.length } : renamed;
}

/**
 * The dev-set evaluation of the Python scripts: one eval-mode pass, the mean loss (`loss`), and HF's
 * metrics under run_glue's names (`accuracy`, `f1`, `matthews_correlation`, `pearson`, ...). Rows go longest first, so each batch pads
 * little; the metrics do not depend on the order.
 */
export async function evaluateGlue(model: ModelWithHeads, task: GlueTask, store: SequenceStore, options: GlueEvaluationOptions): Promise<Record<string, number>> {
  const collate = createPaddingCollator({ padTokenId: options.padTokenId, padTo: options.padTo });
  const predictions: number[] = [];
  const labels: number[] = [];
  let lossSum = 0;
  const progress = options.progress === false ? undefined : evaluationProgress(store.size, options.progress);
  for (const batch of iterateBatches(store, collate, { batchSize: options.batchSize, groupByLength: true })) {
    const { loss, logits } = tf.tidy(() => {
      const { inputs, labels: batchLabels } = batchTensors(batch);
      const output = model.forward(inputs, { labels: batchLabels, head: options.head });
      return { loss: output.loss as tf.Scalar, logits: output.logits as tf.Tensor2D };
    });
    const [lossValue, logitValues] = await Promise.all([loss.data(), logits.data()]);
    tf.dispose([loss, logits]);
    const rows = batch.shape[0];
    lossSum += (lossValue[0] ?? Number.NaN) * rows;
    if (task.outputMode === 'regression') predictions.push(...logitValues);
    else predictions.push(...argmaxRows(logitValues, task.numLabels));
    labels.push(...(batch.labels ?? []));
    progress?.advance(rows);
  }
  progress?.done();
  return { loss: lossSum / Math.max(1, store.size), ...runGlueMetricNames(glueComputeMetrics(task.name, predictions, labels)) };
}
