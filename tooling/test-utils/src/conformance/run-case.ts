import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors } from '@adapters/core';
import { compareClose, type Tolerance } from '../tensor-assertions';
import type { DiscoveredCase } from './case-files';
import { runForwardCase, runGradientsCase, UnsupportedCaseError } from './run-forward-case';
import { runTokenizerCase } from './run-tokenizer-case';
import { runTrainCase } from './run-train-case';

export interface CaseResult {
  /** Keys compared (tensor keys, or tokenizer example fields). */
  readonly compared: readonly string[];
  /** Human-readable descriptions of every mismatch; empty when the case passes. */
  readonly mismatches: readonly string[];
}

const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

async function compareTensorOutputs(discovered: DiscoveredCase, produced: Map<string, tf.Tensor>): Promise<CaseResult> {
  const tolerance = discovered.spec.tolerance ?? DEFAULT_TOLERANCE;
  const { tensors: expected } = await readSafetensors(path.resolve(discovered.folder, discovered.spec.expected));
  const mismatches: string[] = [];
  const compared: string[] = [];
  try {
    for (const [key, want] of expected) {
      compared.push(key);
      const got = produced.get(key);
      if (got === undefined) {
        mismatches.push(`${key}: not produced`);
        continue;
      }
      const sameShape = got.size === want.values.length && (got.shape.length === want.shape.length || got.size === 1);
      if (!sameShape || got.shape.some((size, axis) => want.shape[axis] !== undefined && size !== want.shape[axis])) {
        mismatches.push(`${key}: shape [${got.shape.join(', ')}] != expected [${want.shape.join(', ')}]`);
        continue;
      }
      const report = compareClose(await got.data<'float32'>(), want.values, tolerance);
      if (!report.ok) {
        mismatches.push(
          `${key}: max |diff| ${report.maxAbsDiff.toExponential(3)}; worst at ${report.worstIndex}: ` +
            `${report.worstActual} vs expected ${report.worstExpected}`,
        );
      }
    }
  } finally {
    tf.dispose([...produced.values()]);
  }
  return { compared, mismatches };
}

/** Runs one fixture case. Unsupported features and runtime errors come back as mismatches, never as throws. */
export async function runCase(discovered: DiscoveredCase): Promise<CaseResult> {
  try {
    switch (discovered.spec.kind) {
      case 'tokenizer':
        return await runTokenizerCase(discovered);
      case 'forward':
      case 'fusion_regularization':
        return await compareTensorOutputs(discovered, await runForwardCase(discovered));
      case 'train':
        return await compareTensorOutputs(discovered, await runTrainCase(discovered));
      case 'gradients':
        return await compareTensorOutputs(discovered, await runGradientsCase(discovered));
      default:
        throw new UnsupportedCaseError(`case kind '${discovered.spec.kind}'`);
    }
  } catch (error) {
    const reason = error instanceof UnsupportedCaseError ? error.message : `error: ${(error as Error).stack ?? String(error)}`;
    return { compared: [], mismatches: [reason] };
  }
}
