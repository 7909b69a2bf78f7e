import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseCompositionExpression, type HeadLabels } from '@adapters/core';
import { ModelWithHeads, type ModelWithHeadsOutput } from '@adapters/auto';
import { loadBackbone } from '@adapters/models';
import type { DiscoveredCase, FixtureCase } from './case-files';

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

type NestedNumbers = number | NestedNumbers[];

/** `[B][T]` or `[B][C][T]` (multiple choice) flattened to a `[B*C, T]` int32 tensor. */
function toIdTensor(rows: number[][] | number[][][]): tf.Tensor2D {
  const flat = (rows as unknown[]).some((row) => Array.isArray((row as unknown[])[0]))
    ? (rows as number[][][]).flat()
    : (rows as number[][]);
  return tf.tensor2d(flat, [flat.length, flat[0]?.length ?? 0], 'int32');
}

function shapeOf(value: NestedNumbers): number[] {
  return Array.isArray(value) ? [value.length, ...shapeOf(value[0] as NestedNumbers)] : [];
}

const LABEL_FIELDS: Readonly<Record<string, keyof HeadLabels>> = {
  labels: 'labels',
  start_positions: 'startPositions',
  end_positions: 'endPositions',
};

/** The case's labels as tensors, with dtypes from `label_dtypes` (JSON cannot tell 2.0 from 2). */
function labelTensors(spec: FixtureCase): HeadLabels | undefined {
  if (spec.labels === null || spec.labels === undefined) return undefined;
  const labels: Record<string, tf.Tensor> = {};
  for (const [key, value] of Object.entries(spec.labels)) {
    const field = LABEL_FIELDS[key];
    if (field === undefined) throw new UnsupportedCaseError(`label field '${key}'`);
    const dtype = spec.label_dtypes?.[key] === 'float32' ? 'float32' : 'int32';
    const nested = value as NestedNumbers;
    labels[field] = tf.tensor((nested as number[]).flat(Infinity as 1) as number[], shapeOf(nested), dtype);
  }
  return labels as HeadLabels;
}

export interface BuiltCase {
  readonly model: ModelWithHeads;
  readonly inputs: { inputIds: tf.Tensor2D; tokenTypeIds?: tf.Tensor2D; attentionMask?: tf.Tensor2D };
  readonly labels: HeadLabels | undefined;
  readonly head: string | string[] | null;
  dispose(): void;
}

/** Builds the model a case describes: backbone, adapters, heads, the active setup; plus inputs and labels. */
export async function buildCase(discovered: DiscoveredCase): Promise<BuiltCase> {
  const { spec, folder } = discovered;
  if (spec.backbone === undefined || spec.inputs === undefined) throw new UnsupportedCaseError('a case without backbone/inputs');
  const { model: encoder } = await loadBackbone(path.resolve(folder, spec.backbone));
  const model = new ModelWithHeads(encoder);
  const release = (): void => {
    model.dispose();
    encoder.dispose();
  };
  try {
    for (const adapter of spec.adapters ?? []) {
      await model.loadAdapter(path.resolve(folder, adapter.path), { loadAs: adapter.name, withHead: false });
    }
    for (const fusion of spec.fusions ?? []) {
      await model.loadAdapterFusion(path.resolve(folder, fusion.path), { loadAs: fusion.name });
    }
    for (const head of spec.heads ?? []) {
      await model.loadHead(path.resolve(folder, head.path), { loadAs: head.name });
    }
    model.setActiveAdapters(spec.active_setup === null || spec.active_setup === undefined ? null : parseCompositionExpression(spec.active_setup));
    const json = JSON.parse(readFileSync(path.resolve(folder, spec.inputs), 'utf8')) as InputsJson;
    const inputs = tf.tidy(() => ({
      inputIds: toIdTensor(json.input_ids),
      tokenTypeIds: json.token_type_ids === undefined ? undefined : toIdTensor(json.token_type_ids),
      attentionMask: json.attention_mask === undefined ? undefined : toIdTensor(json.attention_mask),
    }));
    const labels = labelTensors(spec);
    const head = spec.active_head === undefined ? null : (spec.active_head as string | string[] | null);
    return {
      model,
      inputs,
      labels,
      head,
      dispose: () => {
        tf.dispose([...Object.values(inputs), ...Object.values(labels ?? {})].filter((value): value is tf.Tensor => value !== undefined));
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

function addHeadOutputs(produced: Map<string, tf.Tensor>, output: { logits?: tf.Tensor; startLogits?: tf.Tensor; endLogits?: tf.Tensor; loss?: tf.Tensor }, spec: FixtureCase, prefix = ''): void {
  if (output.logits !== undefined) {
    if (spec.logits_positions !== undefined) {
      const logits = output.logits;
      produced.set(
        `${prefix}logits_at_positions`,
        tf.tidy(() => tf.stack(spec.logits_positions!.map(([row, position]) => tf.reshape(tf.slice(logits, [row, position, 0], [1, 1, -1]), [-1])))),
      );
      logits.dispose();
    } else {
      produced.set(`${prefix}logits`, output.logits);
    }
  }
  if (output.startLogits !== undefined) produced.set(`${prefix}start_logits`, output.startLogits);
  if (output.endLogits !== undefined) produced.set(`${prefix}end_logits`, output.endLogits);
  if (output.loss !== undefined) produced.set(`${prefix}loss`, output.loss);
}

/** Every output of a forward call, keyed as in `expected.safetensors`. */
export function collectOutputs(output: ModelWithHeadsOutput, spec: FixtureCase): Map<string, tf.Tensor> {
  const produced = new Map<string, tf.Tensor>();
  produced.set('last_hidden_state', output.lastHiddenState);
  if (output.poolerOutput !== undefined) produced.set('pooler_output', output.poolerOutput);
  (output.hiddenStates ?? []).forEach((hidden, index) => produced.set(`hidden_states.${index}`, hidden));
  output.attentionMask.dispose();
  addHeadOutputs(produced, output, spec);
  for (const branch of output.branches ?? []) {
    produced.set(`branch.${branch.head}.last_hidden_state`, branch.lastHiddenState);
    if (branch.poolerOutput !== undefined) produced.set(`branch.${branch.head}.pooler_output`, branch.poolerOutput);
    addHeadOutputs(produced, branch, spec, `heads.${branch.head}.`);
  }
  return produced;
}

/** Runs a `forward` case and returns every output it can produce. */
export async function runForwardCase(discovered: DiscoveredCase): Promise<Map<string, tf.Tensor>> {
  const built = await buildCase(discovered);
  try {
    const fusionAttentions = new Map<string, tf.Tensor>();
    const output = built.model.forward(built.inputs, { outputHiddenStates: true, head: built.head, labels: built.labels, fusionAttentions });
    const produced = collectOutputs(output, discovered.spec);
    for (const [key, probabilities] of fusionAttentions) produced.set(`fusion_attentions.${key}`, probabilities);
    if (discovered.spec.kind === 'fusion_regularization') produced.set('fusion_reg_loss', built.model.fusionRegularizationLoss());
    return produced;
  } finally {
    built.dispose();
  }
}

/** Runs a `gradients` case: only `trainable_parameters` train; returns loss, logits and `grad.<name>`. */
export async function runGradientsCase(discovered: DiscoveredCase): Promise<Map<string, tf.Tensor>> {
  const built = await buildCase(discovered);
  try {
    const wanted = new Set(discovered.spec.trainable_parameters ?? []);
    const named = built.model.namedParameters();
    for (const [, variable] of named) variable.trainable = false;
    const variables = named.filter(([name]) => wanted.has(name));
    if (variables.length !== wanted.size) {
      const found = new Set(variables.map(([name]) => name));
      throw new UnsupportedCaseError(`parameters ${[...wanted].filter((name) => !found.has(name)).join(', ')}`);
    }
    for (const [, variable] of variables) variable.trainable = true;
    let logits: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const output = built.model.forward(built.inputs, { head: built.head, labels: built.labels });
      logits = tf.keep(output.logits as tf.Tensor);
      return output.loss as tf.Scalar;
    }, variables.map(([, variable]) => variable));
    const produced = new Map<string, tf.Tensor>([['loss', value]]);
    if (logits !== undefined) produced.set('logits', logits);
    for (const [name, variable] of variables) produced.set(`grad.${name}`, grads[variable.name] as tf.Tensor);
    return produced;
  } finally {
    built.dispose();
  }
}
