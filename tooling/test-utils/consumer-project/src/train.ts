// A consumer's Node program: load a BERT folder, add a Pfeiffer adapter and a classification head, train a
// few steps with @adapters/trainer, save the adapter, load it into a fresh model and predict with both.
// Prints one JSON line for the test to check.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { AdapterConfig, AdapterType, initBackend, type Batch } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads, predict, type ModelWithHeads, type Prediction } from '@adapters/auto';
import { Trainer } from '@adapters/trainer';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: node dist/train.js <model folder>');
const sentences: readonly (readonly [string, number])[] = [
  ['a gorgeous, witty, seductive movie.', 1],
  ['the plot is nothing but boilerplate clichés.', 0],
  ['a charming and funny film.', 1],
  ['dull, lifeless and far too long.', 0],
];
const texts = sentences.map(([text]) => text);

function batchOf(model: ModelWithHeads): Batch {
  const tokenizer = model.tokenizer;
  if (tokenizer === undefined) throw new Error(`no tokenizer in ${folder}`);
  const encodings = tokenizer.encodeBatch(texts.map((text) => [text] as const), { padding: 'longest' });
  return {
    inputIds: Int32Array.from(encodings.flatMap((encoding) => encoding.inputIds)),
    attentionMask: Int32Array.from(encodings.flatMap((encoding) => encoding.attentionMask)),
    tokenTypeIds: Int32Array.from(encodings.flatMap((encoding) => encoding.tokenTypeIds)),
    labels: Int32Array.from(sentences.map(([, label]) => label)),
    shape: [sentences.length, encodings[0]!.inputIds.length],
  };
}

function evalLoss(model: TrainableModelWithHeads, batch: Batch): number {
  const loss = model.loss(batch, { training: false });
  const value = loss.dataSync()[0]!;
  loss.dispose();
  return value;
}

const backend = await initBackend();
const baseline = tf.memory().numTensors;
const model = await AutoModelWithHeads.fromPretrained(folder);
model.addAdapter('sst-2', AdapterType.textTask, AdapterConfig.load('pfeiffer'));
model.addClassificationHead('sst-2', { numLabels: 2, id2label: { 0: 'negative', 1: 'positive' } });
model.trainAdapter(['sst-2']);
const trainable = new TrainableModelWithHeads(model, { head: 'sst-2' });
const batch = batchOf(model);
const lossBefore = evalLoss(trainable, batch);
const result = await new Trainer(trainable, { trainingData: () => [batch], maxSteps: 8, learningRate: 1e-2, adapterTraining: true, quiet: true }).fit();
const lossAfter = evalLoss(trainable, batch);
const trained: Prediction[] = await predict(model, texts);

const output = await mkdtemp(path.join(os.tmpdir(), 'consumer-adapter-'));
await model.saveAdapter(output, 'sst-2');
model.dispose();
const saved = (await readdir(output)).sort();
const fresh = await AutoModelWithHeads.fromPretrained(folder);
const name = await fresh.loadAdapter(output);
fresh.setActiveAdapters(name);
const reloaded: Prediction[] = await predict(fresh, texts);
fresh.dispose();
await rm(output, { recursive: true, force: true });

console.log(JSON.stringify({ backend: backend.choice, gradients: backend.gradients, steps: result.globalStep, lossBefore, lossAfter, saved, name, trained, reloaded, leaked: tf.memory().numTensors - baseline }));
