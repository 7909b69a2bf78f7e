#!/usr/bin/env node
// Many training steps back to back on the native backend (one process, warm), for A/B runs of kernel changes:
// median, 10th percentile and mean step time. One JSON line.
// Usage: node bench/step-times.mjs [--mode seq_bn] [--shapes bundled] [--steps 40] [--threads N]
// --threads sets the native kernel thread pool (default: ADAPTERS_NATIVE_THREADS, else the cores).
import os from 'node:os';
import { option, shapesOption, trainingSetup } from './lib/measure-train-step.mjs';

const mode = option('mode', 'seq_bn');
const steps = Number(option('steps', '40'));
const threads = option('threads', undefined);
const { shapeName, shapes } = shapesOption();

const { initBackend } = await import('@adapters/core');
const { trainStep } = await import('@adapters/trainer');
const { loadNativeAddon } = await import('@adapters/backend-native');
await initBackend({ backend: 'native' });
const loaded = loadNativeAddon();
if (threads !== undefined) loaded.addon.setThreads(Number(threads));
const warmup = 3;
const { trainable, optimizer, schedule, batch } = await trainingSetup({ mode, shapes, totalSteps: warmup + steps + 1 });
const times = [];
for (let index = 0; index < warmup + steps; index++) {
  const started = performance.now();
  await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: index, maxGradNorm: 0 });
  if (index >= warmup) times.push(performance.now() - started);
}
const sorted = [...times].sort((a, b) => a - b);
const round = (value) => Math.round(value * 10) / 10;
console.log(
  JSON.stringify({
    mode,
    shapes: shapeName,
    threads: loaded.addon.info().threads,
    steps,
    median_ms: round(sorted[Math.floor(steps / 2)]),
    p10_ms: round(sorted[Math.floor(steps / 10)]),
    mean_ms: round(times.reduce((sum, time) => sum + time, 0) / steps),
    load: round(os.loadavg()[0]),
  }),
);
