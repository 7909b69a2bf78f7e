import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseCompositionExpression } from '@adapters/core';
import { AdapterModel } from '@adapters/layers';
import { loadEncoder } from '@adapters/models';
import type { DiscoveredCase } from './case-files';

/** Thrown when a case needs a feature the project does not have yet (so the case belongs in the pending list). */
export class UnsupportedCaseError extends Error {
  constructor(feature: string) {
    super(`case needs a feature that is not implemented yet: ${feature}`);
    this.name = 'UnsupportedCaseError';
  }
}

interface InputsJson {
  input_ids: number[][] | number[][][];
  token_type_ids?: number[][] | number[][][];
  attention_mask?: number[][] | number[][][];
}

/** `[B][T]` or `[B][C][T]` (multiple choice) flattened to a `[B*C, T]` int32 tensor. */
function toIdTensor(rows: number[][] | number[][][]): tf.Tensor2D {
  const flat = (rows as unknown[]).some((row) => Array.isArray((row as unknown[])[0]))
    ? (rows as number[][][]).flat()
    : (rows as number[][]);
  return tf.tensor2d(flat, [flat.length, flat[0]?.length ?? 0], 'int32');
}

/** Runs a `forward` case and returns every output it can produce, keyed as in `expected.safetensors`. */
export async function runForwardCase(discovered: DiscoveredCase): Promise<Map<string, tf.Tensor>> {
  const { spec, folder } = discovered;
  if ((spec.fusions ?? []).length > 0) throw new UnsupportedCaseError('fusions');
  if ((spec.heads ?? []).length > 0) throw new UnsupportedCaseError('prediction heads');
  if (spec.backbone === undefined || spec.inputs === undefined) throw new UnsupportedCaseError('a case without backbone/inputs');
  const { model } = await loadEncoder(path.resolve(folder, spec.backbone));
  const adapterModel = new AdapterModel(model);
  try {
    for (const adapter of spec.adapters ?? []) {
      await adapterModel.loadAdapter(path.resolve(folder, adapter.path), { loadAs: adapter.name });
    }
    const setup = spec.active_setup === null || spec.active_setup === undefined ? null : parseCompositionExpression(spec.active_setup);
    const inputs = JSON.parse(readFileSync(path.resolve(folder, spec.inputs), 'utf8')) as InputsJson;
    const tensors = tf.tidy(() => ({
      inputIds: toIdTensor(inputs.input_ids),
      tokenTypeIds: inputs.token_type_ids === undefined ? undefined : toIdTensor(inputs.token_type_ids),
      attentionMask: inputs.attention_mask === undefined ? undefined : toIdTensor(inputs.attention_mask),
    }));
    try {
      adapterModel.setActiveAdapters(setup);
      const output = adapterModel.forward(
        { inputIds: tensors.inputIds, tokenTypeIds: tensors.tokenTypeIds, attentionMask: tensors.attentionMask },
        { outputHiddenStates: true },
      );
      const produced = new Map<string, tf.Tensor>();
      produced.set('last_hidden_state', output.lastHiddenState);
      if (output.poolerOutput !== undefined) produced.set('pooler_output', output.poolerOutput);
      (output.hiddenStates ?? []).forEach((hidden, index) => produced.set(`hidden_states.${index}`, hidden));
      // the mask is not an expected output; release it here
      output.attentionMask.dispose();
      return produced;
    } finally {
      tf.dispose([tensors.inputIds, tensors.tokenTypeIds, tensors.attentionMask].filter((t): t is tf.Tensor2D => t !== undefined));
    }
  } finally {
    adapterModel.dispose();
    model.dispose();
  }
}
