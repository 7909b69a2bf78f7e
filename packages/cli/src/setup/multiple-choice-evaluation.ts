import * as tf from '@tensorflow/tfjs-core';
import type { ModelWithHeads } from '@adapters/auto';
import { accuracy, batchIndices, collateMultipleChoice, multipleChoiceLengths, type MultipleChoiceFeatures } from '@adapters/datasets';
import { evaluationPass } from './evaluation-pass';
import type { TaskEvaluation } from './run-training-command';

/** run_swag's evaluation: the highest-scoring choice per example, accuracy. Predictions: the chosen index per example. */
export async function evaluateMultipleChoice(
  model: ModelWithHeads,
  features: MultipleChoiceFeatures,
  options: { head: string; batchSize: number; padTokenId: number },
): Promise<TaskEvaluation> {
  const predicted = new Int32Array(features.size);
  const order = batchIndices(multipleChoiceLengths(features), { batchSize: options.batchSize, groupByLength: true });
  let batchNumber = 0;
  const loss = await evaluationPass(model, (function* () { for (const indices of order) yield collateMultipleChoice(features, indices, options); })(), {
    head: options.head,
    total: features.size,
    select: (output) => ({ choice: tf.argMax(output.logits as tf.Tensor2D, -1) }),
    consume: ({ choice }) => {
      (order[batchNumber++] ?? new Int32Array()).forEach((example, position) => (predicted[example] = choice[position] ?? 0));
    },
    rowsOf: (batch) => batch.labels?.length ?? 0,
  });
  return { metrics: { loss, accuracy: accuracy(Array.from(predicted), Array.from(features.labels)) }, predictions: Array.from(predicted) };
}
