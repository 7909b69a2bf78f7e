// Test support only (not exported from the package): a TrainableModel small enough for hundreds of steps per second.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors, writeSafetensors, type Batch, type TensorData, type TrainableModel } from '@adapters/core';

/** mulberry32: a seeded stream of floats in [0, 1). */
export function seededFloats(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

export interface TinyClassifierOptions {
  readonly vocabularySize?: number;
  readonly hiddenSize?: number;
  readonly classes?: number;
  readonly seed?: number;
  readonly trainsAdaptersOnly?: boolean;
}

/**
 * Mean-pooled frozen embeddings → `classifier_norm.weight` (an elementwise scale, in the no-decay group) →
 * `classifier.weight`/`classifier.bias`. Loss: mean softmax cross-entropy over the batch.
 */
export class TinyClassifier implements TrainableModel {
  readonly trainsAdaptersOnly: boolean;
  readonly hiddenSize: number;
  readonly classes: number;
  readonly embedding: tf.Variable;
  private readonly parameters: Array<[string, tf.Variable]>;
  lossCalls = 0;

  constructor(options: TinyClassifierOptions = {}) {
    const vocabularySize = options.vocabularySize ?? 8;
    this.hiddenSize = options.hiddenSize ?? 8;
    this.classes = options.classes ?? 2;
    this.trainsAdaptersOnly = options.trainsAdaptersOnly ?? true;
    const random = seededFloats(options.seed ?? 1);
    const values = (count: number, scale: number): Float32Array => Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
    this.embedding = tf.tidy(() => tf.variable(tf.tensor2d(values(vocabularySize * this.hiddenSize, 1), [vocabularySize, this.hiddenSize]), false));
    this.parameters = [
      ['classifier_norm.weight', tf.tidy(() => tf.variable(tf.ones([this.hiddenSize]), true))],
      ['classifier.weight', tf.tidy(() => tf.variable(tf.tensor2d(values(this.hiddenSize * this.classes, 0.5), [this.hiddenSize, this.classes]), true))],
      ['classifier.bias', tf.tidy(() => tf.variable(tf.zeros([this.classes]), true))],
    ];
  }

  loss(batch: Batch, options: { readonly training: boolean }): tf.Scalar {
    this.lossCalls += 1;
    return tf.tidy(() => {
      const logits = this.logits(batch, options.training);
      const labels = tf.oneHot(tf.tensor1d(batch.labels as Int32Array, 'int32'), this.classes);
      // By hand: tf.losses.softmaxCrossEntropy's customGrad trips the IS_TEST kernel leak check.
      return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    });
  }

  predict(batch: Batch): tf.Tensor {
    return tf.tidy(() => this.logits(batch, false));
  }

  namedTrainableParameters(): Array<[string, tf.Variable]> {
    return [...this.parameters];
  }

  parameter(name: string): tf.Variable {
    const found = this.parameters.find(([candidate]) => candidate === name);
    if (found === undefined) throw new Error(`no parameter ${name}`);
    return found[1];
  }

  /** Every trainable value, flattened in parameter order (for comparing runs). */
  async weights(): Promise<number[]> {
    const parts = await Promise.all(this.parameters.map(([, variable]) => variable.data()));
    return parts.flatMap((part) => Array.from(part));
  }

  async saveCheckpoint(directory: string): Promise<void> {
    await mkdir(directory, { recursive: true });
    const tensors: Record<string, TensorData> = {};
    for (const [name, variable] of this.parameters) {
      tensors[name] = { dtype: 'float32', shape: [...variable.shape], values: new Float32Array(await variable.data()) };
    }
    await writeSafetensors(join(directory, 'model.safetensors'), tensors);
  }

  async loadCheckpoint(directory: string): Promise<void> {
    const { tensors } = await readSafetensors(join(directory, 'model.safetensors'));
    for (const [name, variable] of this.parameters) {
      const data = tensors.get(name);
      if (data === undefined) throw new Error(`checkpoint lacks ${name}`);
      tf.tidy(() => variable.assign(tf.tensor(data.values, [...data.shape], 'float32')));
    }
  }

  dispose(): void {
    this.embedding.dispose();
    for (const [, variable] of this.parameters) variable.dispose();
  }

  private logits(batch: Batch, _training: boolean): tf.Tensor2D {
    const [rows, length] = batch.shape;
    const ids = tf.tensor2d(batch.inputIds, [rows, length], 'int32');
    const mask = tf.expandDims(tf.cast(tf.tensor2d(batch.attentionMask, [rows, length], 'int32'), 'float32'), 2);
    const summed = tf.sum(tf.mul(tf.gather(this.embedding, ids), mask), 1);
    const pooled = tf.div(summed, tf.maximum(tf.sum(mask, 1), 1));
    const scaled = tf.mul(pooled, this.parameter('classifier_norm.weight'));
    return tf.add(tf.matMul(scaled, this.parameter('classifier.weight')), this.parameter('classifier.bias')) as tf.Tensor2D;
  }
}

export interface ToyDataset {
  readonly batches: (epoch: number, seed: number) => Batch[];
  readonly examples: number;
  /** Batches per epoch. */
  readonly length: number;
  /** Every row in file order, as one batch. */
  readonly allRows: Batch;
}

/**
 * `examples` rows of `sequenceLength` token ids with labels from a fixed random linear "teacher" on the ids'
 * one-hot counts; with one token per row and hidden size >= vocabulary size a linear model can fit them. Each epoch shuffles the rows with (seed, epoch).
 */
export function toyDataset(options: { examples: number; batchSize: number; sequenceLength?: number; vocabularySize?: number; seed?: number }): ToyDataset {
  const length = options.sequenceLength ?? 1;
  const vocabularySize = options.vocabularySize ?? 8;
  const random = seededFloats(options.seed ?? 7);
  const teacher = Float32Array.from({ length: vocabularySize }, () => random() * 2 - 1);
  const ids: number[][] = [];
  const labels: number[] = [];
  for (let row = 0; row < options.examples; row += 1) {
    const tokens = Array.from({ length }, () => Math.floor(random() * vocabularySize));
    ids.push(tokens);
    labels.push(tokens.reduce((total, token) => total + (teacher[token] ?? 0), 0) > 0 ? 1 : 0);
  }
  const batchCount = Math.ceil(options.examples / options.batchSize);
  return {
    examples: options.examples,
    length: batchCount,
    allRows: makeBatch(ids, labels),
    batches(epoch: number, seed: number): Batch[] {
      const order = Array.from({ length: options.examples }, (_, index) => index);
      const shuffle = seededFloats(seed * 1000 + epoch);
      for (let index = order.length - 1; index > 0; index -= 1) {
        const other = Math.floor(shuffle() * (index + 1));
        [order[index], order[other]] = [order[other] as number, order[index] as number];
      }
      const batches: Batch[] = [];
      for (let start = 0; start < order.length; start += options.batchSize) {
        const rows = order.slice(start, start + options.batchSize);
        batches.push(makeBatch(rows.map((row) => ids[row] as number[]), rows.map((row) => labels[row] as number)));
      }
      return batches;
    },
  };
}

/** A batch from token rows (all the same length) and class labels. */
export function makeBatch(rows: readonly (readonly number[])[], labels: readonly number[]): Batch {
  const length = rows[0]?.length ?? 0;
  return {
    inputIds: Int32Array.from(rows.flat()),
    attentionMask: new Int32Array(rows.length * length).fill(1),
    labels: Int32Array.from(labels),
    shape: [rows.length, length],
  };
}
