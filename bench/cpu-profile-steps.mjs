#!/usr/bin/env node
// Where a training step's CPU time goes, by function (self time) and by area: the V8 sampling profiler
// (node:inspector) runs around the timed steps only, after warm-up steps. Areas: kernels (the native addon's
// and tfjs-backend-cpu's JavaScript around them), native (the addon's code and BLAS on this thread), engine
// (tfjs-core: ops, tape, bookkeeping), ours (the @adapters packages' JavaScript), gc, other (idle, program).
// Usage: node bench/cpu-profile-steps.mjs [--backend native] [--mode seq_bn] [--shapes bundled] [--warmup 3]
//        [--steps 30] [--top 30] [--callers NAME] (the call paths into functions named NAME, with their time)
import { Session } from 'node:inspector/promises';
import { option, shapesOption, trainingSetup } from './lib/measure-train-step.mjs';

const mode = option('mode', 'seq_bn');
const warmup = Number(option('warmup', '3'));
const steps = Number(option('steps', '30'));
const top = Number(option('top', '30'));
const { shapeName, shapes } = shapesOption();

const { initBackend } = await import('@adapters/core');
const { trainStep } = await import('@adapters/trainer');
await initBackend({ backend: option('backend', 'native') });
const { trainable, optimizer, schedule, batch } = await trainingSetup({ mode, shapes, totalSteps: warmup + steps + 1 });
const step = (index) => trainStep({ model: trainable, batches: batch, optimizer, schedule, step: index, maxGradNorm: 0 });
for (let index = 0; index < warmup; index++) await step(index);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
for (let index = 0; index < steps; index++) await step(warmup + index);
const wallMs = performance.now() - started;
const { profile } = await session.post('Profiler.stop');
session.disconnect();

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
const area = (url, name) => {
  if (name === '(garbage collector)') return 'gc';
  // Native functions (the addon's bindings, BLAS) have no script.
  if (url === '' && !name.startsWith('(')) return 'native';
  if (url === '') return 'other';
  if (url.includes('backend-native') || url.includes('tfjs-backend-cpu')) return 'kernels';
  if (url.includes('tfjs-core')) return 'engine';
  if (url.includes('/packages/')) return 'ours';
  return 'other';
};
const byFunction = new Map();
const byArea = {};
for (const [id, ms] of selfMs) {
  const { callFrame } = byId.get(id);
  const file = callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '');
  const key = `${callFrame.functionName || (callFrame.url === '' ? '(native)' : '(anonymous)')} ${file}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  const where = area(callFrame.url, callFrame.functionName);
  byArea[where] = (byArea[where] ?? 0) + ms;
}
const perStep = (ms) => Number((ms / steps).toFixed(2));
const callersOf = option('callers', undefined);
if (callersOf !== undefined) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const paths = new Map();
  for (const [id, ms] of selfMs) {
    if (byId.get(id).callFrame.functionName !== callersOf) continue;
    const frames = [];
    for (let at = parent.get(id); at !== undefined && frames.length < 6; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at).callFrame;
      frames.push(`${functionName || '(anonymous)'}:${url.replace(/^.*\//, '')}:${lineNumber + 1}`);
    }
    const key = frames.join(' <- ');
    paths.set(key, (paths.get(key) ?? 0) + ms);
  }
  for (const [key, ms] of [...paths.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(JSON.stringify({ callers: key, ms_per_step: perStep(ms) }));
}
for (const [key, ms] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(JSON.stringify({ function: key, ms_per_step: perStep(ms) }));
}
console.log(
  JSON.stringify({
    mode,
    shapes: shapeName,
    steps,
    wall_ms_per_step: perStep(wallMs),
    ...Object.fromEntries(Object.entries(byArea).map(([name, ms]) => [`${name}_ms_per_step`, perStep(ms)])),
  }),
);
