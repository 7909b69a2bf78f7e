import * as tf from '@tensorflow/tfjs-core';
import { batchTensors, type ModelWithHeads } from '@adapters/auto';
import { iterateBatches, type Collator, type SequenceStore } from '@adapters/datasets';
import { withLabelShape } from './training-batches';

/**
 * Masked-LM evaluation: the mean loss over the eval corpus with a fixed masking (a fresh collator per call,
 * so every evaluation masks the same tokens), and `perplexity = exp(loss)` as the Python script reports it.
 */
export async function evaluateLanguageModeling(
  model: ModelWithHeads,
  store: SequenceStore,
  options: { head: string; batchSize: number; collator: () => Collator },
): Promise<Record<string, number>> {
  let lossSum = 0;
  let rows = 0;
  for (const raw of iterateBatches(store, options.collator(), { batchSize: options.batchSize })) {
    const batch = withLabelShape(raw);
    const loss = tf.tidy(() => {
      const { inputs, labels } = batchTensors(batch);
      return model.forward(inputs, { labels, lossOnly: true, head: options.head }).loss as tf.Scalar;
    });
    const value = (await loss.data())[0] ?? Number.NaN;
    loss.dispose();
    // A batch in which nothing got masked has no loss to speak of.
    if (Number.isFinite(value)) {
      lossSum += value * batch.shape[0];
      rows += batch.shape[0];
    }
  }
  const loss = lossSum / Math.max(1, rows);
  return { loss, perplexity: Math.exp(loss) };
}
