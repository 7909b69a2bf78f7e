import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import type { ModelWithHeads } from './model-with-heads';

export interface Prediction {
  /** The predicted label (id2label name, or the class id as a string); undefined for regression. */
  readonly label?: string;
  /** Probability of `label` (softmax), the sigmoid for multilabel, or the regression value. */
  readonly score: number;
  /** Every class's probability, keyed by label. */
  readonly scores?: Readonly<Record<string, number>>;
  /** Multilabel: every label whose sigmoid is above 0.5. */
  readonly labels?: readonly string[];
}

export interface PredictOptions {
  readonly head?: string;
  readonly batchSize?: number;
  readonly maxLength?: number;
  readonly tokenizer?: Tokenizer;
}

type TextInput = string | readonly [string, string | null];

/**
 * Tokenizes texts (or text pairs), runs the active adapter setup and head in batches, and returns labels and
 * scores: what an application needs to use a trained adapter.
 */
export async function predict(model: ModelWithHeads, texts: readonly TextInput[], options: PredictOptions = {}): Promise<Prediction[]> {
  const tokenizer = options.tokenizer ?? model.tokenizer;
  if (tokenizer === undefined) {
    throw new InvalidConfigError({ path: 'tokenizer', expected: 'a tokenizer (load the model with its tokenizer files, or pass { tokenizer })', received: undefined });
  }
  const headName = options.head ?? model.activeHead;
  if (headName === null || headName === undefined) {
    throw new InvalidConfigError({ path: 'head', expected: 'an active head or { head }', received: headName });
  }
  const head = model.getHead(headName);
  const config = head.headConfig();
  const kind = head.headType;
  if (kind !== 'classification' && kind !== 'multilabel_classification') {
    throw new InvalidConfigError({ path: 'head', expected: 'a classification, regression or multilabel head', received: `${headName} (${kind})` });
  }
  const label2id = (config.label2id ?? null) as Record<string, number> | null;
  const id2label = new Map<number, string>(label2id === null ? [] : Object.entries(label2id).map(([label, id]) => [id, label]));
  const labelOf = (id: number): string => id2label.get(id) ?? String(id);
  const batchSize = options.batchSize ?? 32;
  const maxLength = options.maxLength ?? Math.min(512, model.encoder.config.maxPositionEmbeddings);
  const results: Prediction[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const slice = texts.slice(start, start + batchSize).map((text) => (typeof text === 'string' ? ([text, null] as const) : text));
    const encodings = tokenizer.encodeBatch(slice, { padding: 'longest', truncation: 'longest_first', maxLength });
    const length = encodings[0]?.inputIds.length ?? 0;
    const toTensor = (pick: (index: number) => readonly number[]): tf.Tensor2D =>
      tf.tensor2d(encodings.flatMap((_, index) => [...pick(index)]), [encodings.length, length], 'int32');
    const inputs = {
      inputIds: toTensor((index) => encodings[index]!.inputIds),
      attentionMask: toTensor((index) => encodings[index]!.attentionMask),
      tokenTypeIds: toTensor((index) => encodings[index]!.tokenTypeIds),
    };
    const output = model.forward(inputs, { head: headName });
    const logits = output.logits as tf.Tensor2D;
    const values = (await logits.array()) as number[][];
    tf.dispose([...Object.values(inputs), output.lastHiddenState, output.poolerOutput, output.attentionMask, logits].filter((t): t is NonNullable<typeof t> => t !== undefined));
    for (const row of values) {
      if (row.length === 1 && kind === 'classification') {
        results.push({ score: row[0] as number });
      } else if (kind === 'multilabel_classification') {
        const probabilities = row.map((value) => 1 / (1 + Math.exp(-value)));
        const scores = Object.fromEntries(probabilities.map((probability, id) => [labelOf(id), probability]));
        const best = probabilities.indexOf(Math.max(...probabilities));
        results.push({ label: labelOf(best), score: probabilities[best] as number, scores, labels: probabilities.flatMap((probability, id) => (probability > 0.5 ? [labelOf(id)] : [])) });
      } else {
        const max = Math.max(...row);
        const exps = row.map((value) => Math.exp(value - max));
        const total = exps.reduce((sum, value) => sum + value, 0);
        const probabilities = exps.map((value) => value / total);
        const best = probabilities.indexOf(Math.max(...probabilities));
        results.push({ label: labelOf(best), score: probabilities[best] as number, scores: Object.fromEntries(probabilities.map((probability, id) => [labelOf(id), probability])) });
      }
    }
  }
  return results;
}

/** Top-k vocabulary predictions for every `[MASK]` of a text, with a masked-LM head (fill-mask). */
export async function fillMask(model: ModelWithHeads, text: string, options: { head?: string; topK?: number; tokenizer?: Tokenizer } = {}): Promise<Array<Array<{ token: string; score: number }>>> {
  const tokenizer = options.tokenizer ?? model.tokenizer;
  if (tokenizer === undefined) throw new InvalidConfigError({ path: 'tokenizer', expected: 'a tokenizer', received: undefined });
  const headName = options.head ?? model.activeHead;
  if (headName === null || headName === undefined) throw new InvalidConfigError({ path: 'head', expected: 'a masked_lm head', received: headName });
  const maskId = tokenizer.tokenToId(tokenizer.specialTokens.mask ?? '[MASK]');
  const encoding = tokenizer.encode(text);
  const positions = encoding.inputIds.flatMap((id, index) => (id === maskId ? [index] : []));
  const inputIds = tf.tensor2d([[...encoding.inputIds]], [1, encoding.inputIds.length], 'int32');
  const output = model.forward({ inputIds }, { head: headName });
  const logits = output.logits as tf.Tensor3D;
  const topK = options.topK ?? 5;
  const results: Array<Array<{ token: string; score: number }>> = [];
  for (const position of positions) {
    const { values, indices } = tf.tidy(() => tf.topk(tf.softmax(tf.reshape(tf.slice(logits, [0, position, 0], [1, 1, -1]), [-1])), topK));
    const [scores, ids] = [await values.data(), await indices.data()];
    tf.dispose([values, indices]);
    results.push(Array.from(ids, (id, index) => ({ token: tokenizer.idToToken(id) ?? String(id), score: scores[index] as number })));
  }
  tf.dispose([inputIds, logits, output.lastHiddenState, output.poolerOutput, output.attentionMask].filter((t): t is NonNullable<typeof t> => t !== undefined));
  return results;
}
