import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileMapSource } from '@adapters/core';
import { REPO_ROOT } from '@adapters/test-utils';
import { describe, expect, it } from 'vitest';
import { ADAPTER_NAME, TrainingSession } from './training-session';

const MODEL_FILES = ['config.json', 'model.safetensors', 'vocab.txt', 'tokenizer_config.json', 'special_tokens_map.json'];

/** The files the page fetches, held in memory as a page holds them (no folder path anywhere). */
async function pageFiles(): Promise<{ model: ReturnType<typeof fileMapSource>; trainTsv: string }> {
  const folder = path.join(REPO_ROOT, 'models', 'bert-tiny-mlm');
  const entries = await Promise.all(MODEL_FILES.map(async (name) => [name, new Uint8Array(await readFile(path.join(folder, name)))] as const));
  return { model: fileMapSource(new Map(entries)), trainTsv: await readFile(path.join(REPO_ROOT, 'data', 'glue', 'SST-2', 'train.tsv'), 'utf8') };
}

describe("the browser example's training code, driven in Node", () => {
  it('loads from a file map, trains the adapter and head only, the training loss falls, predicts, saves files a fresh model reloads, frees every tensor', async () => {
    const session = await TrainingSession.open({ ...(await pageFiles()), examples: 32, batchSize: 8 });
    try {
      expect(session.exampleCount).toBe(32);
      // train_adapter: the backbone is frozen; only the sst-2 adapter and head train.
      const trainable = session.model.namedParameters().filter(([, variable]) => variable.trainable).map(([name]) => name);
      expect(trainable.length).toBeGreaterThan(0);
      expect(trainable.every((name) => name.includes(ADAPTER_NAME))).toBe(true);
      const before = await session.meanTrainingLoss();
      const records: number[] = [];
      const report = await session.train(4, (record) => records.push(record.step));
      expect(records).toEqual([1, 2, 3, 4]);
      expect(report.examples).toBe(32);
      expect(report.examplesPerSecond).toBeGreaterThan(0);
      expect(await session.meanTrainingLoss()).toBeLessThan(before);
      const predictions = await session.predict(['a gorgeous, witty, seductive movie.']);
      expect(predictions).toEqual([{ label: expect.stringMatching(/^(negative|positive)$/), score: expect.any(Number), scores: { negative: expect.any(Number), positive: expect.any(Number) } }]);
      expect(predictions[0]!.scores!.negative! + predictions[0]!.scores!.positive!).toBeCloseTo(1, 6);
    } finally {
      session.dispose();
    }
  }, 120_000);
});
