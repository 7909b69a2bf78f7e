import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';
import { argmaxRows, createPaddingCollator, iterateBatches, type GlueTask, type SequenceStore } from '@adapters/datasets';
import { evaluationPass } from './evaluation-pass';
import { glueLabelNames } from './glue-head';

export interface GluePredictionOptions {
  readonly head: string;
  readonly batchSize: number;
  readonly padTokenId: number;
  /** Pad every batch to this length (`--pad_to_max_length`); default: the longest row of the batch. */
  readonly padTo?: number | undefined;
}

/** Class ids (or regression values) for every row of an unlabelled split, in file order. */
export async function predictGlue(model: ModelWithHeads, task: GlueTask, store: SequenceStore, options: GluePredictionOptions): Promise<number[]> {
  const collate = createPaddingCollator({ padTokenId: options.padTokenId, padTo: options.padTo });
  const predictions: number[] = [];
  await evaluationPass(model, iterateBatches(store, collate, { batchSize: options.batchSize }), {
    head: options.head,
    total: store.size,
    select: (output) => ({ logits: output.logits as tf.Tensor }),
    consume: ({ logits }) => {
      if (task.outputMode === 'regression') predictions.push(...logits);
      else predictions.push(...argmaxRows(logits, task.numLabels));
    },
  });
  return predictions;
}

/**
 * run_glue's `predict_results_<task>.txt`: a header `index\tprediction`, then one line per test row with the
 * label name (or the regression value to 3 decimals).
 */
export function formatPredictResults(task: GlueTask, predictions: readonly number[]): string {
  const names = glueLabelNames(task);
  const lines = predictions.map((value, index) => `${index}\t${task.outputMode === 'regression' ? value.toFixed(3) : (names[value] ?? String(value))}`);
  return `index\tprediction\n${lines.join('\n')}\n`;
}

/** Writes `predict_results_<task>.txt` into `outputDir` and returns its path. */
export async function writePredictResults(outputDir: string, task: GlueTask, predictions: readonly number[]): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const file = path.join(outputDir, `predict_results_${task.name}.txt`);
  await writeFileAtomic(file, formatPredictResults(task, predictions));
  return file;
}
