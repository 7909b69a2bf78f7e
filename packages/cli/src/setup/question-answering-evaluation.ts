import type * as tf from '@tensorflow/tfjs-core';
import type { ModelWithHeads } from '@adapters/auto';
import { batchIndices, createQuestionAnsweringCollator, postprocessQuestionAnsweringPredictions, squadEvaluate, type PostprocessOptions, type QuestionAnsweringFeatures } from '@adapters/datasets';
import { evaluationPass } from './evaluation-pass';
import type { TaskEvaluation } from './run-training-command';

/**
 * run_qa's evaluation: start/end logits of every window, `postprocessQuestionAnsweringPredictions`
 * (n-best, max answer length, v2 null threshold), then the official SQuAD EM and F1 (0-100). Predictions:
 * question id → answer text.
 */
export async function evaluateQuestionAnswering(
  model: ModelWithHeads,
  features: QuestionAnsweringFeatures,
  options: PostprocessOptions & { head: string; batchSize: number; padTokenId: number },
): Promise<TaskEvaluation> {
  const { store } = features;
  const collate = createQuestionAnsweringCollator(features, { padTokenId: options.padTokenId });
  // Logits of each window, unpadded, at the window's token offsets.
  const startLogits = new Float32Array(store.totalTokens);
  const endLogits = new Float32Array(store.totalTokens);
  const order = batchIndices(store.lengths(), { batchSize: options.batchSize, groupByLength: true });
  let batchNumber = 0;
  const loss = await evaluationPass(model, (function* () { for (const indices of order) yield collate(store, indices); })(), {
    head: options.head,
    total: store.size,
    select: (output) => ({ start: output.startLogits as tf.Tensor2D, end: output.endLogits as tf.Tensor2D }),
    consume: ({ start, end }, batch) => {
      const indices = order[batchNumber++] ?? new Int32Array();
      const length = batch.shape[1];
      indices.forEach((row, position) => {
        const base = store.offsets[row] ?? 0;
        startLogits.set(start.subarray(position * length, position * length + store.lengthOf(row)), base);
        endLogits.set(end.subarray(position * length, position * length + store.lengthOf(row)), base);
      });
    },
  });
  const answers = postprocessQuestionAnsweringPredictions(features, startLogits, endLogits, store.offsets, options);
  const predictions = Object.fromEntries(answers.map((answer) => [answer.id, answer.text]));
  const references = features.examples.map((example) => ({ id: example.id, answers: example.answers.map((answer) => answer.text) }));
  const { exact_match, f1 } = squadEvaluate(references, predictions);
  return { metrics: { loss, exact_match, f1 }, predictions };
}
