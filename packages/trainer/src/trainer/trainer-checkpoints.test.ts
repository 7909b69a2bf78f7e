import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidConfigError, readSafetensors } from '@adapters/core';
import { TinyClassifier, toyDataset } from '../testing/tiny-classifier';
import { evaluateOn, hiddenEntries, removeTemporaryDirectories, scriptedEvaluation, temporaryDirectory } from '../testing/trainer-test-support';
import { DEFAULT_SAVE_TOTAL_LIMIT, type TrainerOptions } from './trainer-options';
import type { LogEntry } from './trainer-state';
import { Trainer } from './trainer';

const data = toyDataset({ examples: 24, batchSize: 4 });

afterEach(removeTemporaryDirectories);

/** A model whose `saveCheckpoint` fails on chosen calls, as a full disk or a kill would. */
class FailingSaveClassifier extends TinyClassifier {
  saves = 0;
  failOnSave = new Set<number>();

  override async saveCheckpoint(directory: string): Promise<void> {
    this.saves += 1;
    await super.saveCheckpoint(directory);
    if (this.failOnSave.has(this.saves)) throw new Error(`simulated failure while writing ${directory}`);
  }
}

async function checkpointNames(outputDir: string): Promise<string[]> {
  return (await readdir(outputDir)).filter((name) => name.startsWith('checkpoint-')).sort();
}

async function savedWeights(folder: string): Promise<number[]> {
  const { tensors } = await readSafetensors(join(folder, 'model.safetensors'));
  return ['classifier_norm.weight', 'classifier.weight', 'classifier.bias'].flatMap((name) => Array.from(tensors.get(name)?.values ?? []));
}

function withoutSummary(history: readonly LogEntry[]): LogEntry[] {
  return history.filter((entry) => entry.train_runtime === undefined);
}

describe('Trainer checkpoints', () => {
  it('stops early after `patience` evaluations without improvement', async () => {
    const model = new TinyClassifier();
    // Evaluations at steps 2, 4, 6, 8: best, better, equal (1), worse (2) → stop at step 8.
    const script = scriptedEvaluation('accuracy', [0.5, 0.6, 0.6, 0.55, 0.9]);
    const events: string[] = [];
    const trainer = new Trainer(model, {
      trainingData: data,
      maxSteps: 20,
      evaluate: script.evaluate,
      evalEvery: 2,
      earlyStoppingPatience: 2,
      metricForBestModel: 'accuracy',
      logger: (event) => events.push(event.type),
    });
    const result = await trainer.fit();
    expect(result.stoppedEarly).toBe(true);
    expect(result.globalStep).toBe(8);
    expect(result.bestMetric).toBe(0.6);
    expect(events).toContain('early-stop');
    // The last evaluation saw the final weights, so it is reused rather than run again.
    expect(script.calls()).toBe(4);
    expect(result.metrics).toEqual({ eval_accuracy: 0.55 });
    model.dispose();
  });

  it('keeps the best checkpoint and reloads it at the end (lower loss is better)', async () => {
    const outputDir = await temporaryDirectory();
    const model = new TinyClassifier();
    // Evaluations at steps 3, 6, 9, 12; the best eval_loss is at step 6.
    const script = scriptedEvaluation('loss', [0.9, 0.5, 0.7, 0.8, 0.5]);
    let weightsAtEnd: number[] = [];
    const trainer = new Trainer(model, {
      trainingData: data,
      maxSteps: 12,
      learningRate: 0.05,
      evaluate: script.evaluate,
      evalEvery: 3,
      saveEvery: 'never',
      loadBestModelAtEnd: true,
      outputDir,
      quiet: true,
      logger: (event) => {
        if (event.type === 'step' && event.step === 12) weightsAtEnd = model.namedTrainableParameters().flatMap(([, variable]) => Array.from(variable.dataSync()));
      },
    });
    const result = await trainer.fit();
    const earlierBest = join(outputDir, 'checkpoint-3');
    // Best checkpoints are written when they appear (steps 3 and 6), whatever saveEvery says.
    expect(await checkpointNames(outputDir)).toEqual(['checkpoint-3', 'checkpoint-6']);
    expect(result.bestModelCheckpoint).toBe(join(outputDir, 'checkpoint-6'));
    expect(result.bestMetric).toBe(0.5);
    const modelWeights = await model.weights();
    expect(modelWeights).toEqual(await savedWeights(join(outputDir, 'checkpoint-6')));
    expect(modelWeights).not.toEqual(weightsAtEnd);
    expect(modelWeights).not.toEqual(await savedWeights(earlierBest));
    // The reloaded model is evaluated once more for eval_results.json.
    expect(script.calls()).toBe(5);
    const state = JSON.parse(await readFile(join(outputDir, 'trainer_state.json'), 'utf8')) as Record<string, unknown>;
    expect(state.best_model_checkpoint).toBe(join(outputDir, 'checkpoint-6'));
    expect(state.best_metric).toBe(0.5);
    model.dispose();
  });

  it('resumes from a checkpoint with the same losses and final weights as an uninterrupted run', async () => {
    const options = (outputDir: string): TrainerOptions => ({
      trainingData: data,
      epochs: 3,
      gradientAccumulationSteps: 2,
      learningRate: 0.05,
      weightDecay: 0.01,
      warmupSteps: 2,
      logEvery: 2,
      saveEvery: 2,
      evaluate: evaluateOn(data.allRows),
      outputDir,
      quiet: true,
    });
    const straightDir = await temporaryDirectory();
    const straightModel = new TinyClassifier({ seed: 3 });
    const straight = await new Trainer(straightModel, options(straightDir)).fit();
    expect(straight.globalStep).toBe(9);

    const resumedDir = await temporaryDirectory();
    const interruptedModel = new TinyClassifier({ seed: 3 });
    const crash = new Error('killed');
    const interrupted = new Trainer(interruptedModel, {
      ...options(resumedDir),
      logger: (event) => {
        // Step 7 happens after checkpoint-6 and the epoch-1 evaluation; the kill loses step 7's work.
        if (event.type === 'step' && event.step === 7) throw crash;
      },
    });
    await expect(interrupted.fit()).rejects.toBe(crash);
    interruptedModel.dispose();
    expect(await checkpointNames(resumedDir)).toEqual(['checkpoint-2', 'checkpoint-4', 'checkpoint-6']);

    // A new process: fresh model (weights scrambled to prove they are loaded), fresh trainer.
    const resumedModel = new TinyClassifier({ seed: 3 });
    for (const [, variable] of resumedModel.namedTrainableParameters()) tf.tidy(() => variable.assign(tf.fill(variable.shape, 0.123)));
    const resumed = await new Trainer(resumedModel, options(resumedDir)).fit({ resumeFrom: true });

    expect(resumed.globalStep).toBe(9);
    expect(await resumedModel.weights()).toEqual(await straightModel.weights());
    expect(withoutSummary(resumed.logHistory)).toEqual(withoutSummary(straight.logHistory));
    expect(resumed.trainingLoss).toBeCloseTo(straight.trainingLoss, 12);
    expect(resumed.metrics).toEqual(straight.metrics);
    // log.jsonl restarts from the checkpoint's history: nothing from the killed step 7 is duplicated.
    const lines = (await readFile(join(resumedDir, 'log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as LogEntry);
    expect(withoutSummary(lines)).toEqual(withoutSummary(straight.logHistory));
    straightModel.dispose();
    resumedModel.dispose();
  });

  it('writes checkpoints atomically: a failed save leaves the previous checkpoint loadable and no temp folders', async () => {
    const outputDir = await temporaryDirectory();
    const model = new FailingSaveClassifier();
    model.failOnSave.add(2);
    const options: TrainerOptions = { trainingData: data, maxSteps: 6, saveEvery: 2, learningRate: 0.05, outputDir, quiet: true };
    await expect(new Trainer(model, options).fit()).rejects.toThrow(/simulated failure/);
    expect(await checkpointNames(outputDir)).toEqual(['checkpoint-2']);
    expect(await hiddenEntries(outputDir)).toEqual([]);
    const files = (await readdir(join(outputDir, 'checkpoint-2'))).sort();
    expect(files).toEqual(['model.safetensors', 'optimizer.safetensors', 'trainer_state.json']);

    // The surviving checkpoint resumes and finishes the run like an uninterrupted one.
    const resumed = await new Trainer(model, options).fit({ resumeFrom: join(outputDir, 'checkpoint-2') });
    const straightModel = new TinyClassifier();
    const straightDir = await temporaryDirectory();
    await new Trainer(straightModel, { ...options, outputDir: straightDir }).fit();
    expect(resumed.globalStep).toBe(6);
    expect(await model.weights()).toEqual(await straightModel.weights());
    expect(await checkpointNames(outputDir)).toEqual(['checkpoint-2', 'checkpoint-4', 'checkpoint-6']);
    model.dispose();
    straightModel.dispose();
  });

  it('keeps the newest DEFAULT_SAVE_TOTAL_LIMIT (3) checkpoints when no limit is given', async () => {
    const outputDir = await temporaryDirectory();
    const model = new TinyClassifier();
    await new Trainer(model, { trainingData: data, maxSteps: 10, saveEvery: 2, learningRate: 0.05, outputDir, quiet: true }).fit();
    expect(DEFAULT_SAVE_TOTAL_LIMIT).toBe(3);
    expect(await checkpointNames(outputDir)).toEqual(['checkpoint-10', 'checkpoint-6', 'checkpoint-8']);
    model.dispose();
  });

  it('keeps at most saveTotalLimit checkpoints, never deleting the best one', async () => {
    const outputDir = await temporaryDirectory();
    const model = new TinyClassifier();
    const script = scriptedEvaluation('accuracy', [0.9, 0.1, 0.2, 0.3, 0.4, 0.5]);
    const result = await new Trainer(model, {
      trainingData: data,
      maxSteps: 10,
      evaluate: script.evaluate,
      evalEvery: 2,
      saveEvery: 2,
      saveTotalLimit: 2,
      metricForBestModel: 'accuracy',
      outputDir,
      quiet: true,
    }).fit();
    expect(result.bestModelCheckpoint).toBe(join(outputDir, 'checkpoint-2'));
    expect(await checkpointNames(outputDir)).toEqual(['checkpoint-10', 'checkpoint-2', 'checkpoint-8']);
    model.dispose();
  });

  it('refuses resumeFrom: true when outputDir holds no checkpoint, and a metric the evaluation does not return', async () => {
    const outputDir = await temporaryDirectory();
    const model = new TinyClassifier();
    await expect(new Trainer(model, { trainingData: data, outputDir, quiet: true }).fit({ resumeFrom: true })).rejects.toBeInstanceOf(InvalidConfigError);
    const trainer = new Trainer(model, {
      trainingData: data,
      maxSteps: 2,
      evaluate: evaluateOn(data.allRows),
      metricForBestModel: 'f1',
      loadBestModelAtEnd: true,
      outputDir,
      quiet: true,
    });
    await expect(trainer.fit()).rejects.toThrow(/metricForBestModel.*eval_loss, eval_accuracy/);
    model.dispose();
  });
});
