// Shared test setup: contexts, weights from plain arrays, fixture folders.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { TensorData } from '@adapters/core';
import { pendingCases } from '@adapters/test-utils';
import type { HeadContext } from '../config/head-context';
import type { Matrix, Vector } from './reference-math';

/** The repository root (four levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The golden fixtures: env `ADAPTERS_FIXTURES`, default `../shared/fixtures` next to the repository. */
export function fixturesRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_FIXTURES ?? '../shared/fixtures');
}

/** The shared data folder: env `ADAPTERS_DATA`, default `../shared/data`. */
export function dataRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_DATA ?? '../shared/data');
}

/** Every `<case>/heads/<name>` folder of the fixtures, as `[label, folder]`; pending cases left out. */
export function fixtureHeadFolders(): Array<[string, string]> {
  const root = fixturesRoot();
  const pending = pendingCases();
  const found: Array<[string, string]> = [];
  for (const caseName of readdirSync(root).sort()) {
    if (pending.has(caseName)) continue;
    const heads = path.join(root, caseName, 'heads');
    if (!existsSync(heads)) continue;
    for (const name of readdirSync(heads).sort()) found.push([`${caseName}/${name}`, path.join(heads, name)]);
  }
  return found;
}

/** The fixture backbone's HF config. */
export function readBackboneConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(fixturesRoot(), '_backbones/bert-tiny-a/config.json'), 'utf8')) as Record<string, unknown>;
}

/** A head context from an HF BERT config (no word embeddings: pass them separately). */
export function contextFromBertConfig(config: Record<string, unknown>, extra: Partial<HeadContext> = {}): HeadContext {
  return {
    hiddenSize: config.hidden_size as number,
    vocabSize: config.vocab_size as number,
    layerNormEps: config.layer_norm_eps as number,
    hiddenDropoutProb: config.hidden_dropout_prob as number,
    classifierDropout: (config.classifier_dropout as number | null | undefined) ?? null,
    hasPooler: true,
    ...extra,
  };
}

/** A small context for unit tests. */
export function smallContext(extra: Partial<HeadContext> = {}): HeadContext {
  return { hiddenSize: 6, vocabSize: 11, layerNormEps: 1e-12, hiddenDropoutProb: 0.1, classifierDropout: null, hasPooler: true, ...extra };
}

export function matrixData(matrix: Matrix): TensorData {
  return { dtype: 'float32', shape: [matrix.length, matrix[0]?.length ?? 0], values: Float32Array.from(matrix.flat()) };
}

export function vectorData(vector: Vector): TensorData {
  return { dtype: 'float32', shape: [vector.length], values: Float32Array.from(vector) };
}

/** Values as float32 would hold them, so the float64 reference starts from the same numbers. */
export function roundToFloat32<T extends Vector | Matrix>(values: T): T {
  return (Array.isArray(values[0]) ? (values as Matrix).map((row) => row.map(Math.fround)) : (values as Vector).map(Math.fround)) as T;
}

/** `[B, T, H]` hidden states from nested arrays. */
export function hiddenStates(values: number[][][]): tf.Tensor3D {
  return tf.tensor3d(values);
}
