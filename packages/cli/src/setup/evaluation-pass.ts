import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@adapters/core';
import { evaluationProgress } from './evaluation-progress';
import { batchTensors, type ModelWithHeads, type ModelWithHeadsOutput } from '@adapters/auto';

type Outputs = Record<string, tf.Tensor>;
type Values<T extends Outputs> = { [Name in keyof T]: Float32Array | Int32Array | Uint8Array };

/**
 * One eval-mode pass over `batches` with head `head`: `select` picks the tensors to read from each output
 * (inside the batch's tidy, so it can post-process them, e.g. an argmax), `consume` gets their values. Returns
 * the loss averaged over rows of the batches' first dimension, `rowsOf` (default: the batch's rows).
 */
export async function evaluationPass<T extends Outputs>(
  model: ModelWithHeads,
  batches: Iterable<Batch>,
  options: {
    head: string;
    select: (output: ModelWithHeadsOutput) => T;
    consume: (values: Values<T>, batch: Batch) => void;
    rowsOf?: (batch: Batch) => number;
    /** The examples the batches hold, for a progress line (stderr); none without it. */
    total?: number;
  },
): Promise<number> {
  let lossSum = 0;
  let rows = 0;
  const progress = options.total === undefined ? undefined : evaluationProgress(options.total);
  for (const batch of batches) {
    const { loss, selected } = tf.tidy(() => {
      const { inputs, labels } = batchTensors(batch);
      const output = model.forward(inputs, { labels, head: options.head });
      return { loss: output.loss ?? tf.scalar(Number.NaN), selected: options.select(output) };
    });
    try {
      const names = Object.keys(selected) as (keyof T)[];
      const arrays = await Promise.all([loss.data(), ...names.map((name) => (selected[name] as tf.Tensor).data())]);
      const values = Object.fromEntries(names.map((name, index) => [name, arrays[index + 1]])) as Values<T>;
      const count = options.rowsOf?.(batch) ?? batch.shape[0];
      lossSum += (arrays[0]?.[0] ?? Number.NaN) * count;
      rows += count;
      options.consume(values, batch);
      progress?.advance(count);
    } finally {
      tf.dispose([loss, ...Object.values(selected)]);
    }
  }
  progress?.done();
  return lossSum / Math.max(1, rows);
}
