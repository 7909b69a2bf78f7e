import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { GradientsNotRegisteredError, InvalidConfigError } from '@adapters/core';
import { TinyClassifier, toyDataset } from '../testing/tiny-classifier';
import { evaluateOn, hiddenEntries, removeTemporaryDirectories, temporaryDirectory } from '../testing/trainer-test-support';
import type { TrainerEvent } from './trainer-events';
import { Trainer } from './trainer';

const data = toyDataset({ examples: 24, batchSize: 4 });

afterEach(removeTemporaryDirectories);

describe('Trainer', () => {
  it('trains the toy problem and writes log.jsonl, trainer_state.json, eval_results.json and loss-curve.svg', async () => {
    const outputDir = await temporaryDirectory();
    const model = new TinyClassifier({ seed: 11 });
    const trainer = new Trainer(model, {
      trainingData: data,
      evaluate: evaluateOn(data.allRows),
      epochs: 5,
      learningRate: 0.2,
      warmupRatio: 0.1,
      logEvery: 3,
      outputDir,
      metricForBestModel: 'accuracy',
      adapterTraining: true,
      quiet: true,
    });
    const result = await trainer.fit();

    expect(result.globalStep).toBe(30);
    expect(result.epoch).toBe(5);
    const losses = result.logHistory.filter((entry) => entry.loss !== undefined).map((entry) => entry.loss as number);
    expect(losses).toHaveLength(10);
    expect(losses.at(-1)).toBeLessThan(0.2 * (losses[0] as number));
    expect(result.metrics?.eval_accuracy).toBeGreaterThanOrEqual(0.9);

    const logLines = (await readFile(join(outputDir, 'log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    expect(logLines).toEqual(result.logHistory);
    // Clipping is on by default (max_grad_norm 1), so every training log has the pre-clip norm.
    expect(logLines.filter((entry) => 'loss' in entry).every((entry) => (entry.grad_norm as number) > 0)).toBe(true);
    // 10 training logs, 5 epoch evaluations, 1 summary.
    expect(logLines.filter((entry) => 'eval_accuracy' in entry)).toHaveLength(5);
    expect(logLines.at(-1)?.train_loss).toBeCloseTo(result.trainingLoss, 10);

    const state = JSON.parse(await readFile(join(outputDir, 'trainer_state.json'), 'utf8')) as Record<string, unknown>;
    expect(state.global_step).toBe(30);
    expect(state.log_history).toEqual(result.logHistory);
    expect(state.best_metric).toBe(result.bestMetric);
    expect(typeof state.best_model_checkpoint).toBe('string');

    const evalResults = JSON.parse(await readFile(join(outputDir, 'eval_results.json'), 'utf8')) as Record<string, number>;
    expect(evalResults).toEqual({ ...result.metrics, epoch: 5 });

    const svg = await readFile(join(outputDir, 'loss-curve.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Training loss and eval loss (one axis), and the accuracy.
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('eval_accuracy');
    expect(await hiddenEntries(outputDir)).toEqual([]);
    model.dispose();
  });

  it('refuses adapter training when the model does not train adapters only (call trainAdapter first)', async () => {
    const model = new TinyClassifier({ trainsAdaptersOnly: false });
    const trainer = new Trainer(model, { trainingData: data, adapterTraining: true, quiet: true });
    const failure = trainer.fit();
    await expect(failure).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(failure).rejects.toThrow(/trainAdapter/);
    expect(model.lossCalls).toBe(0);
    model.dispose();
  });

  it('checks that gradients are registered before anything else', async () => {
    const model = new TinyClassifier();
    const trainer = new Trainer(model, { trainingData: data, quiet: true });
    const gradient = tf.getGradient('BatchMatMul');
    if (gradient === undefined) throw new Error('the test setup registers gradients');
    tf.unregisterGradient('BatchMatMul');
    try {
      await expect(trainer.fit()).rejects.toBeInstanceOf(GradientsNotRegisteredError);
    } finally {
      tf.registerGradient(gradient);
    }
    expect(model.lossCalls).toBe(0);
    model.dispose();
  });

  it('accumulates micro-batches into updates, with a shorter last window per epoch, and schedules over the updates', async () => {
    const model = new TinyClassifier();
    const events: TrainerEvent[] = [];
    // 6 batches per epoch, 4 per update: windows of 4 and 2 → 2 updates per epoch.
    const trainer = new Trainer(model, { trainingData: data, epochs: 2, gradientAccumulationSteps: 4, learningRate: 0.1, logger: (event) => events.push(event) });
    const result = await trainer.fit();
    expect(result.globalStep).toBe(4);
    const steps = events.flatMap((event) => (event.type === 'step' ? [event] : []));
    expect(steps.map((event) => event.learningRate)).toEqual([0.1, 0.075, 0.05, 0.025].map((rate) => expect.closeTo(rate, 12)));
    expect(steps.map((event) => event.epoch)).toEqual([4 / 6, 1, 1 + 4 / 6, 2].map((epoch) => expect.closeTo(epoch, 12)));
    // 4 + 2 micro-batches per epoch, one loss call each.
    expect(model.lossCalls).toBe(12);
    model.dispose();
  });

  it('logs no grad_norm with clipping off (max_grad_norm 0), as HF, whose norm comes from clip_grad_norm_', async () => {
    const model = new TinyClassifier();
    const result = await new Trainer(model, { trainingData: data, epochs: 1, learningRate: 0.1, logEvery: 2, maxGradNorm: 0, quiet: true }).fit();
    const trainingLogs = result.logHistory.filter((entry) => 'loss' in entry);
    expect(trainingLogs).toHaveLength(3);
    for (const entry of trainingLogs) expect(Object.keys(entry).sort()).toEqual(['epoch', 'learning_rate', 'loss', 'step']);
    model.dispose();
  });

  it('keeps the tensor count flat over 200 steps', async () => {
    const model = new TinyClassifier();
    const counts: number[] = [];
    const trainer = new Trainer(model, {
      trainingData: data,
      maxSteps: 201,
      warmupSteps: 10,
      weightDecay: 0.01,
      logger: (event) => {
        if (event.type === 'step') counts.push(tf.memory().numTensors);
      },
    });
    await trainer.fit();
    expect(counts).toHaveLength(201);
    // The first step creates the AdamW moments; after it nothing may accumulate.
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[0]]));
    model.dispose();
  });

  it('prints plain progress lines when not on a TTY and redraws one line in place on a TTY', async () => {
    const plain: string[] = [];
    const model = new TinyClassifier();
    await new Trainer(model, { trainingData: data, maxSteps: 4, logEvery: 2, output: { write: (text: string) => plain.push(text) } }).fit();
    const progress = plain.filter((text) => text.startsWith('step '));
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(/^step 2\/4 \| epoch 0\.33 \| loss \d\.\d{4} \| lr \d\.\d{2}e-\d \| [\d.]+ ex\/s \| ETA \d+:\d{2}\n$/);
    expect(plain.at(-1)).toMatch(/^done: 4 steps/);
    expect(plain.join('')).not.toContain('\r');

    const terminal: string[] = [];
    await new Trainer(model, { trainingData: data, maxSteps: 4, logEvery: 2, output: { write: (text: string) => terminal.push(text), isTTY: true } }).fit();
    expect(terminal[0]).toMatch(/^\rstep 1\/4 .*ETA .*\u001b\[K$/);
    expect(terminal.join('')).toContain('done: 4 steps');
    model.dispose();
  });
});
