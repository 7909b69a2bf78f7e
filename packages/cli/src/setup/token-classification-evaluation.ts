import * as tf from '@tensorflow/tfjs-core';
import type { ModelWithHeads } from '@adapters/auto';
import { batchIndices, createTokenClassificationCollator, entityScores, tokenAccuracy, type TokenClassificationFeatures } from '@adapters/datasets';
import { evaluationPass } from './evaluation-pass';
import type { TaskEvaluation } from './run-training-command';

/**
 * run_ner's evaluation: per word, the tag predicted at its first sub-token (`features` must be built without
 * `labelAllTokens`), scored with seqeval (entity precision / recall / F1, token accuracy) against the gold
 * tags of the words that fit into the sequence length. Predictions: the tags per sentence.
 */
export async function evaluateTokenClassification(
  model: ModelWithHeads,
  features: TokenClassificationFeatures,
  goldTags: readonly (readonly string[])[],
  options: { head: string; batchSize: number; padTokenId: number },
): Promise<TaskEvaluation> {
  const { store, tokenLabels, labelList } = features;
  const collate = createTokenClassificationCollator(tokenLabels, { padTokenId: options.padTokenId });
  const predicted: string[][] = Array.from({ length: store.size }, () => []);
  const order = batchIndices(store.lengths(), { batchSize: options.batchSize, groupByLength: true });
  let batchNumber = 0;
  const loss = await evaluationPass(model, (function* () { for (const indices of order) yield collate(store, indices); })(), {
    head: options.head,
    total: store.size,
    select: (output) => ({ tags: tf.argMax(output.logits as tf.Tensor3D, -1) }),
    consume: ({ tags }, batch) => {
      const indices = order[batchNumber++] ?? new Int32Array();
      const length = batch.shape[1];
      indices.forEach((row, position) => {
        const base = store.offsets[row] ?? 0;
        for (let token = 0; token < store.lengthOf(row); token += 1) {
          if ((tokenLabels[base + token] ?? -100) !== -100) predicted[row]?.push(labelList[tags[position * length + token] ?? 0] ?? 'O');
        }
      });
    },
  });
  const gold = goldTags.map((tags, row) => tags.slice(0, features.wordCounts[row] ?? 0));
  const scores = entityScores(gold, predicted);
  return { metrics: { loss, precision: scores.precision, recall: scores.recall, f1: scores.f1, accuracy: tokenAccuracy(gold, predicted) }, predictions: predicted };
}
