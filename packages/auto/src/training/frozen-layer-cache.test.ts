import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterConfig, AdaptersError, Stack, TrainableFrozenLayerError, type Batch } from '@adapters/core';
import { createDecoder, normalizeDecoderConfig, type BertModel } from '@adapters/models';
import { AdamW, Trainer, createLearningRateSchedule, trainStep } from '@adapters/trainer';
import { maxAbsDifference, tinyBert } from '@adapters/test-utils';
import { ModelWithHeads } from '../model-with-heads';
import { TrainableModelWithHeads } from './trainable-model-with-heads';

/** A right-padded batch of id rows (with [CLS]=2 first), padded to `width` (bucketing pads each batch differently). */
function batchOf(rows: number[][], labels: number[], width: number): Batch {
  const inputIds = new Int32Array(rows.length * width);
  const attentionMask = new Int32Array(rows.length * width);
  rows.forEach((row, index) => {
    inputIds.set(row, index * width);
    attentionMask.fill(1, index * width, index * width + row.length);
  });
  return { inputIds, attentionMask, tokenTypeIds: new Int32Array(rows.length * width), labels: Int32Array.from(labels), shape: [rows.length, width] };
}

const rowsA = [[2, 17, 33, 9], [2, 41, 3]];
const rowsB = [[2, 11, 8, 12, 30, 3], [2, 5, 9, 3, 7]];
/** Three epochs over four examples; the same examples come back in other batches with other padding. */
const epochs: Batch[][] = [
  [batchOf(rowsA, [1, 0], 4), batchOf(rowsB, [0, 1], 6)],
  [batchOf([rowsB[1]!, rowsA[0]!], [1, 1], 5), batchOf([rowsA[1]!, rowsB[0]!], [0, 0], 8)],
  [batchOf(rowsB, [0, 1], 7), batchOf(rowsA, [1, 0], 4)],
];

let backbone: BertModel;
let model: ModelWithHeads;

function build(leaveOut: number[], options: { inv?: boolean } = {}): TrainableModelWithHeads {
  model.addAdapter('task', AdapterConfig.load(options.inv === true ? 'pfeiffer+inv' : 'seq_bn', { leave_out: leaveOut }));
  model.addClassificationHead('task', { numLabels: 2 });
  model.trainAdapter('task');
  // dropout 0 everywhere: the cache only turns off dropout below k, so with none the runs must agree
  return new TrainableModelWithHeads(model, { dropout: false });
}

/** Counts the rows that pass through the backbone's layer `index`, and whether it ran in training mode (dropout on). */
function countRows(index: number): { rows: number; trainingCalls: number } {
  const layer = backbone.layers[index]!;
  const counter = { rows: 0, trainingCalls: 0 };
  const apply = layer.apply.bind(layer);
  layer.apply = (hidden, additiveMask, hooks, context) => {
    counter.rows += hidden.shape[0];
    if (context.training) counter.trainingCalls += 1;
    return apply(hidden, additiveMask, hooks, context);
  };
  return counter;
}

async function train(trainable: TrainableModelWithHeads): Promise<{ losses: number[]; weights: tf.Tensor[] }> {
  const optimizer = new AdamW(trainable.namedTrainableParameters());
  const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-2, totalSteps: 6 });
  const losses: number[] = [];
  let step = 0;
  for (const batches of epochs) {
    for (const batch of batches) losses.push((await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: step++ })).loss);
  }
  optimizer.dispose();
  return { losses, weights: trainable.namedTrainableParameters().map(([, variable]) => tf.clone(variable)) };
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

beforeEach(() => {
  backbone = tinyBert();
  model = new ModelWithHeads(backbone);
});

afterEach(() => {
  model.dispose();
});

describe('frozen-layer cache (AdapterDrop, cacheFrozenLayers)', () => {
  for (const k of [0, 1, 2]) {
    it(`k = ${k}: training with the cache equals training without it on the model with leave_out ${JSON.stringify(Array.from({ length: k }, (_, index) => index))} (losses and weights within 1e-5)`, async () => {
      const trainable = build(Array.from({ length: k }, (_, index) => index));
      const start = trainable.namedTrainableParameters().map(([, variable]) => tf.clone(variable));
      const plain = await train(trainable);
      trainable.namedTrainableParameters().forEach(([, variable], index) => variable.assign(start[index]!));
      trainable.enableFrozenLayerCache({ layers: k, maxBytes: 1 << 20 });
      const cached = await train(trainable);
      expect(cached.losses).toHaveLength(6);
      cached.losses.forEach((loss, index) => expect(Math.abs(loss - plain.losses[index]!)).toBeLessThan(1e-5));
      cached.weights.forEach((weight, index) => expect(maxAbsDifference(weight, plain.weights[index]!)).toBeLessThan(1e-5));
      // the first epoch computed each of the four examples once; the other two epochs read them
      expect(trainable.frozenLayerCacheStats).toMatchObject({ rows: 4, computedRows: 4, hits: 8, rejectedRows: 0 });
      tf.dispose([...start, ...plain.weights, ...cached.weights]);
    });
  }

  it('runs the lower layers once per example (counted), the upper ones every step, and keeps memory flat', async () => {
    const trainable = build([0]);
    const lower = countRows(0);
    const upper = countRows(1);
    trainable.enableFrozenLayerCache({ layers: 1, maxBytes: 1 << 20 });
    const optimizer = new AdamW(trainable.namedTrainableParameters());
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-3, totalSteps: 60 });
    const tensors: number[] = [];
    const bytes: number[] = [];
    let step = 0;
    for (let epoch = 0; epoch < 10; epoch++) {
      for (const batch of epochs[epoch % 3]!) {
        await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: step++ });
        tensors.push(tf.memory().numTensors);
        bytes.push(trainable.frozenLayerCacheStats!.bytes);
      }
    }
    expect(lower.rows).toBe(4);
    expect(upper.rows).toBe(4 * 10);
    expect(new Set(tensors.slice(1)).size).toBe(1);
    // the cache grows while the first epoch fills it, then stays put
    expect(new Set(bytes.slice(2)).size).toBe(1);
    expect(bytes[1]).toBeGreaterThanOrEqual(4 * 4 * 32 * 4);
    optimizer.dispose();
    trainable.disableFrozenLayerCache();
    expect(trainable.frozenLayerCacheStats).toBeUndefined();
  });

  it('computes the cached layers in eval mode (no dropout there) while the layers above train with dropout', async () => {
    model.addAdapter('task', AdapterConfig.load('seq_bn', { leave_out: [0] }));
    model.addClassificationHead('task', { numLabels: 2 });
    model.trainAdapter('task');
    const trainable = new TrainableModelWithHeads(model);
    const lower = countRows(0);
    const upper = countRows(1);
    trainable.enableFrozenLayerCache({ layers: 1, maxBytes: 1 << 20 });
    await train(trainable).then(({ weights }) => tf.dispose(weights));
    expect(lower).toEqual({ rows: 4, trainingCalls: 0 });
    expect(upper).toEqual({ rows: 12, trainingCalls: 6 });
  });

  it('keeps to its byte budget: rows beyond it are recomputed each time, none evicted', async () => {
    const trainable = build([0]);
    const lower = countRows(0);
    // room for one row of length 3 only: 3 tokens x 32 floats + ids + row overhead
    trainable.enableFrozenLayerCache({ layers: 1, maxBytes: 3 * 32 * 4 + 3 * 4 * 2 + 96 });
    await train(trainable).then(({ weights }) => tf.dispose(weights));
    const stats = trainable.frozenLayerCacheStats!;
    expect(stats.rows).toBe(1);
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.hits).toBe(2);
    expect(lower.rows).toBe(12 - 2);
  });

  it('rejects an adapter that trains below layer k, naming the adapter and the layer', () => {
    const trainable = build([0]);
    const error = errorOf(() => trainable.enableFrozenLayerCache({ layers: 2, maxBytes: 1 << 20 }));
    expect(error).toBeInstanceOf(TrainableFrozenLayerError);
    expect(error).toMatchObject({ code: 'trainable-frozen-layer', adapter: 'task', layer: 1, cacheLayers: 2 });
    expect((error as Error).message).toMatch(/adapter 'task'.*layer 1.*leave_out covering \[0, 1\]/);
  });

  it('rejects a trainable backbone (embeddings) and a trainable invertible adapter for every k, and k outside the model', () => {
    const inv = build([0, 1], { inv: true });
    expect(errorOf(() => inv.enableFrozenLayerCache({ layers: 0, maxBytes: 1 })) as TrainableFrozenLayerError).toMatchObject({ adapter: 'task', layer: 'embeddings' });
    model.freezeModel(false);
    const error = errorOf(() => inv.enableFrozenLayerCache({ layers: 0, maxBytes: 1 })) as TrainableFrozenLayerError;
    expect(error).toMatchObject({ code: 'trainable-frozen-layer', adapter: undefined, layer: 'embeddings' });
    expect(error.parameter).toMatch(/^bert\.embeddings\./);
    const range = errorOf(() => inv.enableFrozenLayerCache({ layers: 3, maxBytes: 1 }));
    expect(AdaptersError.isInstance(range) && range.code).toBe('invalid-config');
  });

  it('refuses an active prompt tuning adapter (it lengthens every row) and decoder models, as invalid-config', () => {
    model.addAdapter('prompt', 'prompt_tuning');
    model.addAdapter('task', AdapterConfig.load('seq_bn', { leave_out: [0] }));
    model.addClassificationHead('task', { numLabels: 2 });
    model.trainAdapter('task');
    const trainable = new TrainableModelWithHeads(model);
    // inactive, the frozen prompt changes nothing
    trainable.enableFrozenLayerCache({ layers: 1, maxBytes: 1 });
    model.setActiveAdapters(Stack('prompt', 'task'));
    expect(errorOf(() => trainable.enableFrozenLayerCache({ layers: 1, maxBytes: 1 }))).toMatchObject({ code: 'invalid-config', path: 'adapters.prompt' });
    const decoder = new ModelWithHeads(createDecoder(normalizeDecoderConfig({ model_type: 'gpt2', vocab_size: 8, n_embd: 4, n_head: 2, n_layer: 1 })));
    decoder.addAdapter('task', AdapterConfig.load('seq_bn', { leave_out: [0] }));
    decoder.addClassificationHead('task', { numLabels: 2 });
    decoder.trainAdapter('task');
    expect(errorOf(() => new TrainableModelWithHeads(decoder).enableFrozenLayerCache({ layers: 1, maxBytes: 1 }))).toMatchObject({ code: 'invalid-config', path: 'cacheFrozenLayers' });
    decoder.dispose();
  });

  it('the Trainer option caches for the run (same log as without it when nothing drops out) and frees the cache after', async () => {
    const trainable = build([0]);
    const start = trainable.namedTrainableParameters().map(([, variable]) => tf.clone(variable));
    const data = { batches: (epoch: number) => epochs[epoch % 3]!, length: 2 };
    const fit = async (cacheFrozenLayers: number | undefined): Promise<number[]> => {
      trainable.namedTrainableParameters().forEach(([, variable], index) => variable.assign(start[index]!));
      const losses: number[] = [];
      const trainer = new Trainer(trainable, { trainingData: data, epochs: 3, learningRate: 1e-2, saveEvery: 'never', quiet: true, cacheFrozenLayers, logger: (event) => void (event.type === 'step' && losses.push(event.loss)) });
      await trainer.fit();
      return losses;
    };
    const plain = await fit(undefined);
    const lower = countRows(0);
    const cached = await fit(1);
    expect(cached).toHaveLength(6);
    cached.forEach((loss, index) => expect(Math.abs(loss - plain[index]!)).toBeLessThan(1e-5));
    expect(lower.rows).toBe(4);
    expect(trainable.frozenLayerCacheStats).toBeUndefined();
    tf.dispose(start);
  });
});
