import { FileFormatError, readSafetensors, writeSafetensors, type TensorData } from '@adapters/core';
import type { AdamWParameterState, AdamWState } from './adamw';

const FIRST_MOMENT_SUFFIX = '.exp_avg';
const SECOND_MOMENT_SUFFIX = '.exp_avg_sq';

/**
 * Writes AdamW state as safetensors: `<parameter>.exp_avg` and `<parameter>.exp_avg_sq` (torch's slot names)
 * with the step counts in the metadata. Atomic (temp file + rename).
 */
export async function writeAdamWState(path: string, state: AdamWState): Promise<void> {
  const tensors = new Map<string, TensorData>();
  const steps: Record<string, number> = {};
  for (const [name, entry] of state.parameters) {
    tensors.set(`${name}${FIRST_MOMENT_SUFFIX}`, { dtype: 'float32', shape: [...entry.shape], values: entry.firstMoment });
    tensors.set(`${name}${SECOND_MOMENT_SUFFIX}`, { dtype: 'float32', shape: [...entry.shape], values: entry.secondMoment });
    steps[name] = entry.step;
  }
  await writeSafetensors(path, tensors, { format: 'adamw', step_count: String(state.stepCount), steps: JSON.stringify(steps) });
}

/** Reads what `writeAdamWState` wrote; anything else is a `FileFormatError` naming the file. */
export async function readAdamWState(path: string): Promise<AdamWState> {
  const { metadata, tensors } = await readSafetensors(path);
  if (metadata?.format !== 'adamw') throw new FileFormatError({ file: path, field: '__metadata__.format', message: "expected 'adamw'" });
  const stepCount = Number(metadata.step_count);
  let steps: Record<string, unknown>;
  try {
    steps = JSON.parse(metadata.steps ?? '') as Record<string, unknown>;
  } catch (error) {
    throw new FileFormatError({ file: path, field: '__metadata__.steps', message: 'is not a JSON object of step counts', cause: error });
  }
  if (!Number.isInteger(stepCount)) throw new FileFormatError({ file: path, field: '__metadata__.step_count', message: 'is not an integer' });
  const parameters = new Map<string, AdamWParameterState>();
  for (const [name, step] of Object.entries(steps)) {
    const firstMoment = tensors.get(`${name}${FIRST_MOMENT_SUFFIX}`);
    const secondMoment = tensors.get(`${name}${SECOND_MOMENT_SUFFIX}`);
    if (firstMoment === undefined || secondMoment === undefined || !(firstMoment.values instanceof Float32Array) || !(secondMoment.values instanceof Float32Array)) {
      throw new FileFormatError({ file: path, field: name, message: 'lacks float32 exp_avg / exp_avg_sq tensors' });
    }
    if (typeof step !== 'number') throw new FileFormatError({ file: path, field: `__metadata__.steps.${name}`, message: 'is not a number' });
    parameters.set(name, { step, shape: firstMoment.shape, firstMoment: firstMoment.values, secondMoment: secondMoment.values });
  }
  return { stepCount, parameters };
}
