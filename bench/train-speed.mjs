#!/usr/bin/env node
// Training throughput on the shapes of ../shared/bench/torch_reference_bench.py (layers 4, hidden 256, heads 4,
// FFN 1024, batch 16, seq 128, vocab 30522; classification head on the CLS state; AdamW on the trainable
// parameters only) for the modes full, seq_bn, lora and head_only. For each mode, back to back: one JSON line per
// backend (each in a fresh child process, so peak RSS is its own), then the PyTorch yardstick's line and the ratios.
// `npm run bench` runs it under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE` so both sides use the same OpenBLAS.
// Usage: node bench/train-speed.mjs [--steps 3] [--backends webgpu,native,wasm] [--modes full,seq_bn,lora,head_only]
//        [--shapes bench,bundled,base,tiny] [--torch-device cpu|cuda] [--no-torch]
// cpu is ~50x slower than native: when asked for, it runs one step. webgpu is measured by default only on a real
// GPU (a software adapter gives a `skipped` line); named in --backends, SwiftShader runs one step.
// --shapes defaults to bench,bundled (bundled: the bundled model with the SST-2 recipe's batch, layers 2, hidden 128,
// heads 2, batch 32, seq 64); base: bert-base (layers 12, hidden 768, batch 32, seq 128). --torch-device cuda: the
// yardstick on the GPU (bench/gpu/ packs and runs all of it on a GPU machine without network).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureTrainStep, SHAPES } from './lib/measure-train-step.mjs';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const steps = Number(option('steps', '3'));
const explicitBackends = option('backends', undefined);
const backends = (explicitBackends ?? 'webgpu,native,wasm').split(',');
const modes = option('modes', 'full,seq_bn,lora,head_only').split(',');
const shapeNames = option('shapes', 'bench,bundled').split(',');
const unknownShapes = shapeNames.filter((name) => SHAPES[name] === undefined);
if (unknownShapes.length > 0) throw new Error(`--shapes: expected names from ${Object.keys(SHAPES).join(', ')}, got ${unknownShapes.join(', ')}`);
const torchDevice = option('torch-device', 'cpu');
const withTorch = !process.argv.includes('--no-torch');
const here = path.dirname(fileURLToPath(import.meta.url));
// The yardstick: ../shared/bench/torch_reference_bench.py with a --device option; a bundle carries it beside itself.
const torchScript = [path.resolve(here, 'torch-train-bench.py'), path.resolve(here, '../bench/torch-train-bench.py')].find((file) => existsSync(file));
const environment = { openblas_coretype: process.env.OPENBLAS_CORETYPE ?? null };

if (process.argv[2] === '--child') {
  // One measurement per process: clean peak RSS, and no backend's pool or heap carried into the next.
  const [backend, mode, stepCount, shapeName, explicit] = process.argv.slice(3);
  try {
    const line = await measureTrainStep({ backend, mode, steps: Number(stepCount), shapes: SHAPES[shapeName], explicit: explicit === 'explicit' });
    console.log(JSON.stringify({ ...line, ...environment }));
  } catch (error) {
    // webgpu in the default list is there only when a GPU is: its absence is a skip, not an error.
    const outcome = backend === 'webgpu' && explicit !== 'explicit' ? 'skipped' : 'error';
    console.log(JSON.stringify({ source: 'adapters', backend, mode, [outcome]: String(error?.message ?? error).split('\n')[0] }));
  }
  process.exit(0);
}

function lastJsonLine(output) {
  const line = output.trim().split('\n').filter((text) => text.startsWith('{')).pop();
  return line === undefined ? undefined : JSON.parse(line);
}

for (const shapeName of shapeNames) {
  const shapes = SHAPES[shapeName];
  for (const mode of modes) {
    const ours = [];
    for (const backend of backends) {
      const stepCount = backend === 'cpu' ? 1 : steps;
      const args = ['--child', backend, mode, String(stepCount), shapeName, explicitBackends === undefined ? 'auto' : 'explicit'];
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = lastJsonLine(run.stdout ?? '') ?? { source: 'adapters', backend, mode, error: (run.stderr || 'no output').trim().split('\n').pop() };
      console.log(JSON.stringify(line));
      if (line.examples_per_s !== undefined) ours.push(line);
    }
    if (!withTorch) continue;
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const torchArgs = ['--mode', mode, '--layers', String(shapes.layers), '--hidden', String(shapes.hidden), '--heads', String(shapes.hidden / 64), '--batch', String(shapes.batch), '--seq', String(shapes.seq), '--steps', String(steps), '--device', torchDevice];
    const run = spawnSync(python, [torchScript ?? 'torch-train-bench.py', ...torchArgs], { encoding: 'utf8' });
    const torch = run.status === 0 ? lastJsonLine(run.stdout) : undefined;
    if (torch === undefined) {
      console.log(JSON.stringify({ source: 'pytorch', mode, error: (run.stderr || run.error?.message || 'not available').trim().split('\n').pop() }));
      continue;
    }
    console.log(JSON.stringify({ source: 'pytorch', ...torch, ...environment }));
    for (const line of ours) {
      console.log(JSON.stringify({ source: 'ratio', mode, shapes: shapeName, backend: line.backend, torch_device: torch.device, ratio_vs_pytorch: Number((line.examples_per_s / torch.examples_per_s).toFixed(3)) }));
    }
  }
}
