#!/usr/bin/env node
// Where a training step's kernels come from: runs one step (after a warm-up step) with the engine's runKernel
// wrapped, and counts the calls per (kernel, first call sites in the project's packages), most frequent first.
// Frames of tfjs, Node and the tape machinery are left out, so a line names the op's caller.
// Usage: node bench/trace-kernel-sources.mjs [--backend native] [--mode seq_bn] [--shapes bundled] [--depth 3]
//        [--kernels Identity,Reshape,...] (default: every kernel)
import { SHAPES, trainingSetup } from './lib/measure-train-step.mjs';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const mode = option('mode', 'seq_bn');
const shapes = SHAPES[option('shapes', 'bundled')];
if (shapes === undefined) throw new Error(`--shapes: expected one of ${Object.keys(SHAPES).join(', ')}`);
const depth = Number(option('depth', '3'));
const only = option('kernels', undefined)?.split(',');

const tf = await import('@tensorflow/tfjs-core');
const { initBackend } = await import('@adapters/core');
const { trainStep } = await import('@adapters/trainer');
await initBackend({ backend: option('backend', 'native') });
const { trainable, optimizer, schedule, batch } = await trainingSetup({ mode, shapes, totalSteps: 3 });
const step = (index) => trainStep({ model: trainable, batches: batch, optimizer, schedule, step: index, maxGradNorm: 0 });
await step(0);

const engine = tf.engine();
const runKernel = engine.runKernel;
const counts = new Map();
const skipped = /tfjs-core|tfjs-backend|node:internal|prunedRunKernelFunc|Array\.map|trace-kernel-sources/;
Error.stackTraceLimit = 60;
engine.runKernel = function tracedRunKernel(name, inputs, attrs) {
  if (only === undefined || only.includes(name)) {
    const frames = (new Error().stack ?? '')
      .split('\n')
      .slice(2)
      .filter((line) => !skipped.test(line))
      .map((line) => line.trim().replace(/^at /, '').replace(/\(?file:\/\/.*?\/(packages|bench)\//, '').replace(/\)$/, ''))
      .slice(0, depth);
    const key = `${name} <- ${frames.join(' <- ')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return runKernel.call(this, name, inputs, attrs);
};
await step(1);
delete engine.runKernel;
let total = 0;
for (const [key, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(count).padStart(4)} ${key}`);
  total += count;
}
console.log(JSON.stringify({ mode, kernel_calls: total }));
