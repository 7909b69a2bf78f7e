// A task adapter on SST-2 with the public API only (no CLI): the seed README's recipe.
//   npm run build && npx tsx examples/api-only/train-sst2.ts [max_steps, default 200]
import * as tf from '@tensorflow/tfjs-core';
import { AdapterConfig, AdapterType, initBackend } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads, predict } from '@adapters/auto';
import { argmaxRows, countBatches, createPaddingCollator, glueComputeMetrics, iterateBatches, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { Trainer } from '@adapters/trainer';

await initBackend();
const model = await AutoModelWithHeads.fromPretrained('models/bert-tiny-mlm');
model.deleteHead('default'); // the checkpoint's masked-LM head; classification needs its own
model.addAdapter('sst-2', AdapterType.textTask, AdapterConfig.load('pfeiffer'));
model.addClassificationHead('sst-2', { numLabels: 2, id2label: { 0: 'negative', 1: 'positive' } });
model.trainAdapter(['sst-2']); // freezes BERT; the adapter and the head train, and are active

const tokenizer = model.tokenizer!;
const options = { tokenizer, maxSeqLength: 64, dataDir: 'data/glue/SST-2' };
const { features: train } = await loadGlueFeatures('sst-2', 'train', options);
const { features: dev } = await loadGlueFeatures('sst-2', 'dev', options);
const collate = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer) });

const trainer = new Trainer(new TrainableModelWithHeads(model), {
  trainingData: {
    length: countBatches(train.size, { batchSize: 32 }),
    batches: (epoch, seed) => iterateBatches(train, collate, { batchSize: 32, shuffle: true, seed, groupByLength: true }, epoch),
  },
  evaluate: async (trainable) => {
    const predictions: number[] = [];
    for (const batch of iterateBatches(dev, collate, { batchSize: 64 })) {
      const logits = trainable.predict(batch);
      predictions.push(...argmaxRows(await logits.data(), 2));
      logits.dispose();
    }
    return glueComputeMetrics('sst-2', predictions, dev.labels as Int32Array);
  },
  maxSteps: Number(process.argv[2] ?? 200),
  learningRate: 1e-3,
  adapterTraining: true,
  outputDir: '.cache/api-only-sst2',
});
const { metrics } = await trainer.fit();
console.log(`dev accuracy ${metrics?.eval_acc?.toFixed(4)}`);

await model.saveAdapter('.cache/api-only-sst2/sst-2', 'sst-2'); // adapter + head, AdapterHub layout
console.log(await predict(model, ['a gorgeous, witty, seductive movie.', 'the plot is nothing but boilerplate clichés.']));
model.dispose();
model.encoder.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
