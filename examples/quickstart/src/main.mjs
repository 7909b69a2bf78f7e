#!/usr/bin/env node
// Quickstart: pick a backend, load the bundled pretrained BERT and its tokenizer, encode two sentences,
// and print what the encoder produced. Runs offline on the built packages (`npm run build` first).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@adapters/core';
import { loadEncoder } from '@adapters/models';
import { loadTokenizer } from '@adapters/tokenizers';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modelFolder = path.resolve(
  repoRoot,
  process.argv[2] ?? process.env.ADAPTERS_MODEL ?? '../shared/data/models/bert-tiny-mlm',
);

const backend = await initBackend();
console.log(`backend: ${backend.choice} (${backend.reason}; installed: ${backend.available.join(', ')})`);

const tokenizer = await loadTokenizer(modelFolder);
const { model, unusedKeys, config } = await loadEncoder(modelFolder);
console.log(
  `model: ${config.modelType}, ${config.numHiddenLayers} layers, hidden ${config.hiddenSize}, ` +
    `${model.parameterCount().toLocaleString('en-US')} parameters; unused checkpoint tensors: ${unusedKeys.join(', ') || 'none'}`,
);

const sentences = [
  ['The movie was a delight from start to finish.', null],
  ['A tedious, joyless film.', 'Was it good?'],
];
const encodings = tokenizer.encodeBatch(sentences, { padding: 'longest', truncation: 'longest_first', maxLength: 128 });
const length = encodings[0].inputIds.length;
const toTensor = (field) => tf.tensor2d(encodings.map((encoding) => [...encoding[field]]), [encodings.length, length], 'int32');
const inputs = { inputIds: toTensor('inputIds'), attentionMask: toTensor('attentionMask'), tokenTypeIds: toTensor('tokenTypeIds') };

const output = model.forward(inputs);
const cls = tf.tidy(() => tf.slice(output.lastHiddenState, [0, 0, 0], [-1, 1, 4]));
console.log(`tokens[1]: ${encodings[1].tokens.join(' ')}`);
console.log(`last_hidden_state: [${output.lastHiddenState.shape.join(', ')}]`);
console.log(`[CLS] state, first 4 dims: ${JSON.stringify((await cls.array()).map((row) => row[0].map((value) => Number(value.toFixed(4)))))}`);

tf.dispose([cls, output.lastHiddenState, output.poolerOutput, output.attentionMask, ...Object.values(inputs)]);
model.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
