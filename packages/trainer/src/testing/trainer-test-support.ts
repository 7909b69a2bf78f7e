// Test support only: temp folders and a real evaluation for the tiny classifier.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, TrainableModel } from '@adapters/core';

const created: string[] = [];

/** A fresh temp folder, removed by `removeTemporaryDirectories`. */
export async function temporaryDirectory(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'adapters-trainer-'));
  created.push(folder);
  return folder;
}

export async function removeTemporaryDirectories(): Promise<void> {
  await Promise.all(created.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
}

/** Names in `folder` that start with a dot (temp folders of interrupted writes). */
export async function hiddenEntries(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.startsWith('.'));
}

/** An evaluate function: eval loss and accuracy of the model on `batch`. */
export function evaluateOn(batch: Batch): (model: TrainableModel) => Promise<Record<string, number>> {
  return async (model) => {
    const loss = model.loss(batch, { training: false });
    const predicted = tf.tidy(() => tf.argMax(model.predict(batch), 1));
    const [lossValue, predictions] = await Promise.all([loss.data(), predicted.data()]);
    loss.dispose();
    predicted.dispose();
    const labels = batch.labels as Int32Array;
    const correct = labels.reduce((total, label, index) => total + (predictions[index] === label ? 1 : 0), 0);
    return { loss: lossValue[0] ?? Number.NaN, accuracy: correct / labels.length };
  };
}

/** An evaluate function that returns `values[i]` as `metric` on its i-th call (the last value afterwards). */
export function scriptedEvaluation(metric: string, values: readonly number[]): { evaluate: () => Promise<Record<string, number>>; calls: () => number } {
  let calls = 0;
  return {
    evaluate: () => {
      const value = values[Math.min(calls, values.length - 1)] ?? Number.NaN;
      calls += 1;
      return Promise.resolve({ [metric]: value });
    },
    calls: () => calls,
  };
}
