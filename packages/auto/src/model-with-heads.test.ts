import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdaptersError, Stack } from '@adapters/core';
import type { BertModel } from '@adapters/models';
import { loadBertTokenizer } from '@adapters/tokenizers';
import { dataRoot, maxAbsDifference, randomize, tinyBatch, tinyBert } from '@adapters/test-utils';
import { ModelWithHeads } from './model-with-heads';
import { predict } from './predict';

let backbone: BertModel;
let model: ModelWithHeads;
let batch: ReturnType<typeof tinyBatch>;
let folder: string;

beforeEach(async () => {
  backbone = tinyBert();
  model = new ModelWithHeads(backbone);
  batch = tinyBatch();
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-heads-'));
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  tf.dispose([batch.inputIds, batch.attentionMask, batch.tokenTypeIds]);
  await rm(folder, { recursive: true, force: true });
});

function logitsOf(options: Parameters<ModelWithHeads['forward']>[1] = {}): tf.Tensor {
  const output = model.forward(batch, options);
  tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask, output.loss].filter((t): t is NonNullable<typeof t> => t !== undefined));
  return output.logits!;
}

describe('ModelWithHeads', () => {
  it('saveAdapter with a head writes the four AdapterHub files, and load reproduces the logits bitwise', async () => {
    model.addAdapter('sst', 'seq_bn');
    model.addClassificationHead('sst', { numLabels: 3, id2label: { 0: 'neg', 1: 'neutral', 2: 'pos' } });
    randomize(model.adapterEntry('sst').variables());
    model.trainAdapter(['sst']);
    expect(model.activeHead).toBe('sst');
    const before = logitsOf();
    expect(before.shape).toEqual([2, 3]);
    await model.saveAdapter(folder, 'sst');
    expect((await readdir(folder)).sort()).toEqual(['adapter.safetensors', 'adapter_config.json', 'head_config.json', 'model_head.safetensors']);
    model.deleteAdapter('sst');
    model.deleteHead('sst');
    await model.loadAdapter(folder);
    model.setActiveAdapters('sst');
    expect(model.activeHead).toBe('sst');
    const after = logitsOf();
    expect(maxAbsDifference(before, after)).toBe(0);
    expect(model.getHead('sst').headConfig().label2id).toEqual({ neg: 0, neutral: 1, pos: 2 });
    tf.dispose([before, after]);
  });

  it('runs the pooler in a loss-only forward only when a head reads it (use_pooler), with the same loss', async () => {
    const labels = { labels: tf.tensor1d([1, 0], 'int32') };
    for (const usePooler of [false, true]) {
      model.addClassificationHead('cls', { numLabels: 2, usePooler, overwriteOk: true });
      const run = (lossOnly: boolean) => {
        const output = model.forward(batch, { head: 'cls', labels, lossOnly });
        const { loss, ...rest } = output;
        tf.dispose(Object.values(rest).filter((value): value is tf.Tensor => value instanceof tf.Tensor));
        return { loss: loss!, pooled: output.poolerOutput !== undefined };
      };
      const full = run(false);
      let lossOnly = run(true);
      expect(lossOnly.pooled).toBe(usePooler);
      expect(full.pooled).toBe(true);
      expect(await lossOnly.loss.data()).toEqual(await full.loss.data());
      // The pooler is one tanh; the head's hidden layer is the other.
      const profile = await tf.profile(() => {
        lossOnly.loss.dispose();
        lossOnly = run(true);
      });
      expect(profile.kernels.filter((kernel) => kernel.name === 'Tanh')).toHaveLength(usePooler ? 2 : 1);
      tf.dispose([full.loss, lossOnly.loss]);
    }
    labels.labels.dispose();
  });

  it('trainAdapter freezes the backbone but never the heads; losses come with labels', () => {
    model.addAdapter('a', 'lora');
    model.addClassificationHead('a', { numLabels: 2 });
    model.trainAdapter('a');
    const trainable = new Set(model.trainableVariables());
    const headVariables = model.getHead('a').namedParameters().map(([, variable]) => variable);
    expect(headVariables.every((variable) => trainable.has(variable))).toBe(true);
    expect(backbone.namedParameters().some(([, variable]) => trainable.has(variable))).toBe(false);
    const labels = tf.tensor1d([1, 0], 'int32');
    const output = model.forward(batch, { labels: { labels } });
    expect(output.loss!.shape).toEqual([]);
    expect(output.loss!.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([labels, output.loss!, output.logits!, output.lastHiddenState, output.poolerOutput!, output.attentionMask]);
  });

  it('runs one head per Parallel branch', () => {
    model.addAdapter('a', 'seq_bn');
    model.addAdapter('b', 'seq_bn');
    model.addClassificationHead('a', { numLabels: 2 });
    model.addTaggingHead('b', { numLabels: 5 });
    model.setActiveAdapters({ kind: 'parallel', children: ['a', 'b'] });
    const output = model.forward(batch, { head: ['a', 'b'] });
    expect(output.lastHiddenState.shape).toEqual([4, 6, 32]);
    expect(output.branches!.map((branch) => [branch.head, branch.logits!.shape])).toEqual([
      ['a', [2, 2]],
      ['b', [2, 6, 5]],
    ]);
    for (const branch of output.branches!) tf.dispose([branch.logits!, branch.lastHiddenState, branch.poolerOutput!]);
    tf.dispose([output.lastHiddenState, output.poolerOutput!, output.attentionMask]);
  });

  it('gives clear errors: unknown head type, missing head, numLabels mismatch on load, labels of the wrong shape', async () => {
    expect(() => model.addHead('x', { headType: 'regression-ish' })).toThrow(/regression-ish/);
    expect(() => model.forward(batch, { head: 'nope' })).toThrow(AdaptersError);
    await expect(model.saveAdapter(folder, 'missing')).rejects.toThrow(/No adapter named 'missing'/);
    model.addAdapter('a');
    model.addClassificationHead('a', { numLabels: 2 });
    await model.saveAdapter(folder, 'a');
    model.deleteHead('a');
    model.addClassificationHead('a', { numLabels: 4 });
    const wrong = tf.tensor2d([[1], [0]], [2, 1], 'float32');
    expect(() => model.forward(batch, { labels: { labels: wrong } })).toThrow(/labels/);
    wrong.dispose();
    // the saved head has 2 labels; loading it into the 4-label head is refused, naming num_labels
    const error = await model.loadHead(folder).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('invalid-config');
    expect((error as Error).message).toContain('num_labels');
    await model.loadHead(folder, { overwriteOk: true });
    expect(model.getHead('a').headConfig().num_labels).toBe(2);
  });

  it('predict() tokenizes, batches and returns labels and scores', async () => {
    const tokenizer = loadBertTokenizer(path.join(dataRoot(), 'vocab/bert-base-uncased'));
    const small = tinyBert({ vocab_size: 30522, max_position_embeddings: 64 });
    const classifier = new ModelWithHeads(small);
    try {
      classifier.tokenizer = tokenizer;
      classifier.addAdapter('sentiment', 'seq_bn');
      classifier.addClassificationHead('sentiment', { numLabels: 2, id2label: { 0: 'negative', 1: 'positive' } });
      classifier.setActiveAdapters(Stack('sentiment'));
      const results = await predict(classifier, ['a great film', ['so boring', 'really?']], { batchSize: 1 });
      expect(results).toHaveLength(2);
      for (const result of results) {
        expect(['negative', 'positive']).toContain(result.label);
        expect(result.score).toBeGreaterThanOrEqual(0.5);
        expect(Object.values(result.scores!).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
      }
    } finally {
      classifier.dispose();
      small.dispose();
    }
  });
});

describe('ModelWithHeads.dispose', () => {
  it('frees the encoder weights too, not only heads and adapters (tf.memory back to where it started)', () => {
    const before = tf.memory().numTensors;
    const owned = new ModelWithHeads(tinyBert());
    owned.addAdapter('sst', 'seq_bn');
    owned.addClassificationHead('sst', { numLabels: 2 });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    owned.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(owned.encoder.isDisposed).toBe(true);
  });
});
