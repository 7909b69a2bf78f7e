#!/usr/bin/env node
// Where one training step's time goes: `tf.profile` around a step (after warm-up steps) on the given backend,
// kernels grouped by name with their count and summed kernel time, plus the step's wall time and the time
// outside kernels (engine, tape, JavaScript). Prints one JSON line per kernel name, then a summary line.
// --unfused drops every fused kernel (LayerNorm, GELU, attention, ...) for the run (the composites of tfjs ops then run), for an A/B.
// Usage: node bench/profile-train-step.mjs [--backend native] [--mode seq_bn] [--shapes bundled] [--warmup 3] [--top 25]
//        [--unfused] [--by-shape]
// --unfused AdaptersAttention,AdaptersLinear drops only the kernels whose names start with one of those.
// --by-shape groups by kernel name and input/output shapes instead of by name.
import { option, shapesOption, trainingSetup } from './lib/measure-train-step.mjs';

const backend = option('backend', 'native');
const mode = option('mode', 'seq_bn');
const warmup = Number(option('warmup', '3'));
const top = Number(option('top', '25'));
const timed = 5;
const { shapeName, shapes } = shapesOption();

const tf = await import('@tensorflow/tfjs-core');
const { initBackend } = await import('@adapters/core');
const { trainStep } = await import('@adapters/trainer');
await initBackend({ backend });
const fused = !process.argv.includes('--unfused');
const byShape = process.argv.includes('--by-shape');
if (!fused) {
  // Every fused kernel is named Adapters*; without them core runs the composites of tfjs ops.
  const list = option('unfused', undefined);
  const prefixes = list === undefined || list.startsWith('--') ? ['Adapters'] : list.split(',');
  for (const { kernelName } of tf.getKernelsForBackend(tf.getBackend())) {
    if (prefixes.some((prefix) => kernelName.startsWith(prefix))) tf.unregisterKernel(kernelName, tf.getBackend());
  }
}
const { trainable, optimizer, schedule, batch } = await trainingSetup({ mode, shapes, totalSteps: warmup + timed + 1 });
const step = (index) => trainStep({ model: trainable, batches: batch, optimizer, schedule, step: index, maxGradNorm: 0 });
for (let index = 0; index < warmup; index++) await step(index);
// Unprofiled steps for the wall time (profiling adds its own bookkeeping per kernel): the median and the
// fastest of five (on a shared machine the fastest is the least disturbed).
// Also the process's CPU time per step (user + system, every thread): on a loaded machine it moves far less
// than the wall time, so it is the steadier number for an A/B of the same thread settings.
const times = [];
const cpuTimes = [];
for (let index = 0; index < timed; index++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await step(warmup + index);
  const cpu = process.cpuUsage(cpuStarted);
  times.push(performance.now() - started);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const stepMs = times[2];
const profileStarted = performance.now();
const profile = await tf.profile(() => step(warmup + timed));
const profiledMs = performance.now() - profileStarted;
const byName = new Map();
for (const kernel of profile.kernels) {
  const key = byShape ? `${kernel.name} ${JSON.stringify(kernel.inputShapes)}->${JSON.stringify(kernel.outputShapes)}` : kernel.name;
  const entry = byName.get(key) ?? { kernel: key, count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += kernel.kernelTimeMs;
  byName.set(key, entry);
}
const rows = [...byName.values()].sort((a, b) => b.ms - a.ms);
const kernelMs = rows.reduce((total, row) => total + row.ms, 0);
for (const row of rows.slice(0, top)) console.log(JSON.stringify({ ...row, ms: Number(row.ms.toFixed(2)) }));
console.log(
  JSON.stringify({
    backend,
    mode,
    shapes: shapeName,
    fused_kernels: fused,
    step_ms: Number(stepMs.toFixed(1)),
    fastest_step_ms: Number(times[0].toFixed(1)),
    cpu_ms_per_step: Number(cpuTimes[2].toFixed(1)),
    kernel_calls: profile.kernels.length,
    kernel_ms: Number(kernelMs.toFixed(1)),
    profiled_step_ms: Number(profiledMs.toFixed(1)),
    outside_kernels_ms: Number((profiledMs - kernelMs).toFixed(1)),
    kernel_names: rows.length,
  }),
);
