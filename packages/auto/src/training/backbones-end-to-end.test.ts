// Every backbone the README calls ready, end to end: load an HF folder → add an adapter (or fusion) and a
// head → train 2 steps → save → load into a fresh copy of the folder → the same outputs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdapterConfig, type AdapterConfig, type Batch } from '@adapters/core';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';
import { maxAbsDifference, saveTinyEncoderFolder, tinyEncoderConfig } from '@adapters/test-utils';
import { AutoModelWithHeads } from '../auto-model-with-heads';
import type { ModelWithHeads } from '../model-with-heads';
import { batchTensors, TrainableModelWithHeads } from './trainable-model-with-heads';

type Backbone = 'bert' | 'roberta' | 'xlm-roberta';
let root: string;
const folders = new Map<Backbone, string>();

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'adapters-backbones-'));
  for (const backbone of ['bert', 'roberta', 'xlm-roberta'] as const) {
    folders.set(backbone, await saveTinyEncoderFolder(path.join(root, backbone), tinyEncoderConfig(backbone)));
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Two rows, the second padded with the backbone's pad id (RoBERTa/XLM-R: <s>=0, <pad>=1, </s>=2; BERT: [PAD]=0). */
function batchFor(backbone: Backbone, labels: Partial<Batch> = { labels: Int32Array.from([1, 0]) }): Batch {
  const roberta = backbone !== 'bert';
  const [bos, pad, eos] = roberta ? [0, 1, 2] : [2, 0, 3];
  return {
    inputIds: Int32Array.from([bos, 17, 33, 9, 41, eos, bos, 8, 12, eos, pad, pad]),
    attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
    tokenTypeIds: new Int32Array(12),
    shape: [2, 6],
    ...labels,
  };
}

async function load(backbone: Backbone): Promise<ModelWithHeads> {
  return AutoModelWithHeads.fromPretrained(folders.get(backbone)!, { tokenizer: false });
}

function release(model: ModelWithHeads): void {
  model.dispose();
  model.encoder.dispose();
}

/** The active head's output (logits, or start logits for QA) in eval mode. */
function outputOf(model: ModelWithHeads, batch: Batch): tf.Tensor {
  return tf.tidy(() => {
    const { inputs } = batchTensors(batch);
    const output = model.forward(inputs);
    return output.logits ?? (output as unknown as { startLogits: tf.Tensor }).startLogits;
  });
}

async function trainTwoSteps(model: ModelWithHeads, batch: Batch): Promise<number[]> {
  const trainable = new TrainableModelWithHeads(model, { dropout: false });
  expect(trainable.trainsAdaptersOnly).toBe(true);
  const optimizer = new AdamW(trainable.namedTrainableParameters());
  const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-2, totalSteps: 2 });
  const losses: number[] = [];
  for (let step = 0; step < 2; step++) losses.push((await trainStep({ model: trainable, batches: batch, optimizer, schedule, step })).loss);
  optimizer.dispose();
  return losses;
}

async function roundTrip(backbone: Backbone, method: string | AdapterConfig, addHead: (model: ModelWithHeads) => void, batch: Batch): Promise<void> {
  const model = await load(backbone);
  const saved = path.join(root, `${backbone}-${Math.random().toString(36).slice(2)}`);
  try {
    model.addAdapter('task', method);
    addHead(model);
    model.trainAdapter('task');
    const untrained = outputOf(model, batch);
    const losses = await trainTwoSteps(model, batch);
    expect(losses.every(Number.isFinite)).toBe(true);
    const trained = outputOf(model, batch);
    expect(maxAbsDifference(untrained, trained), 'two steps change the outputs').toBeGreaterThan(0);
    await model.saveAdapter(saved, 'task');
    const fresh = await load(backbone);
    try {
      expect(await fresh.loadAdapter(saved)).toBe('task');
      fresh.setActiveAdapters('task');
      const reloaded = outputOf(fresh, batch);
      expect(maxAbsDifference(trained, reloaded)).toBe(0);
      tf.dispose(reloaded);
    } finally {
      release(fresh);
    }
    tf.dispose([untrained, trained]);
  } finally {
    release(model);
  }
}

const classification = (model: ModelWithHeads) => model.addClassificationHead('task', { numLabels: 2 });

describe('every ready backbone: load → adapter → head → train 2 steps → save → reload → same outputs', () => {
  for (const backbone of ['bert', 'roberta', 'xlm-roberta'] as const) {
    for (const method of ['seq_bn', 'lora']) {
      it(`${backbone} with ${method} and a classification head`, async () => {
        await roundTrip(backbone, method, classification, batchFor(backbone));
      });
    }
  }

  for (const method of ['double_seq_bn', 'par_bn', 'seq_bn_inv', 'prefix_tuning', 'ia3', 'prompt_tuning', 'mam', 'unipelt']) {
    it(`roberta with ${method}`, async () => {
      await roundTrip('roberta', method, classification, batchFor('roberta'));
    });
  }

  it('roberta with compacter (reduction factor 8: a bottleneck of 4 that phm_dim 4 divides)', async () => {
    await roundTrip('roberta', loadAdapterConfig('compacter', { reductionFactor: 8 }), classification, batchFor('roberta'));
  });

  it('roberta with tagging, question-answering and masked-LM heads', async () => {
    const tokenLabels = Int32Array.from([0, 1, 2, 1, 0, 0, 0, 2, 1, 0, -100, -100]);
    await roundTrip('roberta', 'seq_bn', (model) => model.addTaggingHead('task', { numLabels: 3 }), batchFor('roberta', { labels: tokenLabels }));
    await roundTrip('roberta', 'seq_bn', (model) => model.addQaHead('task'), batchFor('roberta', { startPositions: Int32Array.from([1, 2]), endPositions: Int32Array.from([3, 2]) }));
    const mlmLabels = Int32Array.from([-100, 17, -100, -100, 41, -100, -100, -100, 12, -100, -100, -100]);
    await roundTrip('roberta', 'seq_bn', (model) => model.addMaskedLmHead('task'), batchFor('roberta', { labels: mlmLabels }));
  });

  it('xlm-roberta with a dynamic AdapterFusion of two adapters: train 2 steps, save, reload, same logits', async () => {
    const batch = batchFor('xlm-roberta');
    const model = await load('xlm-roberta');
    const saved = path.join(root, 'xlmr-fusion');
    try {
      model.addAdapter('a', 'seq_bn');
      model.addAdapter('b', 'seq_bn');
      model.addAdapterFusion(['a', 'b'], 'dynamic', { setActive: true });
      model.addClassificationHead('fused', { numLabels: 2 });
      model.trainAdapterFusion(['a', 'b']);
      const before = outputOf(model, batch);
      await trainTwoSteps(model, batch);
      const trained = outputOf(model, batch);
      expect(maxAbsDifference(before, trained)).toBeGreaterThan(0);
      for (const name of ['a', 'b']) await model.saveAdapter(path.join(saved, name), name, { withHead: false });
      await model.saveAdapterFusion(path.join(saved, 'fusion'), 'a,b');
      await model.saveHead(path.join(saved, 'head'), 'fused');
      const fresh = await load('xlm-roberta');
      try {
        for (const name of ['a', 'b']) await fresh.loadAdapter(path.join(saved, name));
        await fresh.loadAdapterFusion(path.join(saved, 'fusion'), { setActive: true });
        await fresh.loadHead(path.join(saved, 'head'));
        const reloaded = outputOf(fresh, batch);
        expect(maxAbsDifference(trained, reloaded)).toBe(0);
        tf.dispose(reloaded);
      } finally {
        release(fresh);
      }
      tf.dispose([before, trained]);
    } finally {
      release(model);
    }
  });

  it('a RobertaForSequenceClassification folder: its classifier.* becomes a flex head giving out_proj(tanh(dense(h[<s>]))), no pooler', async () => {
    const hidden = 32;
    const weights = (rows: number, columns: number, seed: number) => ({
      dtype: 'float32' as const,
      shape: columns === 0 ? [rows] : [rows, columns],
      values: Float32Array.from({ length: rows * Math.max(columns, 1) }, (_, index) => Math.sin(seed + index) * 0.2),
    });
    const folder = await saveTinyEncoderFolder(
      path.join(root, 'roberta-classifier'),
      tinyEncoderConfig('roberta', { architectures: ['RobertaForSequenceClassification'], id2label: { 0: 'neg', 1: 'pos', 2: 'neutral' }, label2id: { neg: 0, pos: 1, neutral: 2 } }),
      {
        edit: (tensors) => {
          tensors.set('classifier.dense.weight', weights(hidden, hidden, 1));
          tensors.set('classifier.dense.bias', weights(hidden, 0, 2));
          tensors.set('classifier.out_proj.weight', weights(3, hidden, 3));
          tensors.set('classifier.out_proj.bias', weights(3, 0, 4));
        },
      },
    );
    const model = await AutoModelWithHeads.fromPretrained(folder, { tokenizer: false });
    try {
      expect(model.headNames()).toEqual(['default']);
      const { inputs, labels } = batchTensors(batchFor('roberta'));
      const output = model.forward(inputs);
      const expected = tf.tidy(() => {
        const first = tf.squeeze(tf.slice(output.lastHiddenState, [0, 0, 0], [-1, 1, -1]), [1]);
        const linear = (x: tf.Tensor, rows: number, seed: number) =>
          tf.add(tf.matMul(x, tf.tensor2d(weights(rows, hidden, seed).values, [rows, hidden]), false, true), tf.tensor1d(weights(rows, 0, seed + 1).values));
        return linear(tf.tanh(linear(first, hidden, 1)), 3, 3);
      });
      expect(maxAbsDifference(output.logits!, expected)).toBeLessThan(1e-5);
      tf.dispose([expected, output.logits!, output.lastHiddenState, output.attentionMask, ...(output.poolerOutput ? [output.poolerOutput] : [])]);
      tf.dispose([inputs.inputIds, inputs.attentionMask!, inputs.tokenTypeIds!, labels!.labels!]);
    } finally {
      release(model);
    }
  });
});
