// The heads on the golden fixtures: the stored encoder outputs go in, the stored logits and losses come out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { linearForward, readSafetensors, type HeadInputs, type HeadLabels, type TensorData } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { loadHead } from '../io/load-head';
import { contextFromBertConfig, fixturesRoot, readBackboneConfig } from '../testing/head-test-helpers';

interface FixtureCase {
  readonly heads: ReadonlyArray<{ readonly name: string; readonly path: string }>;
  readonly inputs: string;
  readonly adapters: ReadonlyArray<{ readonly name: string; readonly path: string }>;
  readonly labels: Readonly<Record<string, unknown[]>>;
  readonly label_dtypes: Readonly<Record<string, 'int64' | 'float32'>>;
  readonly logits_positions?: ReadonlyArray<readonly [number, number]>;
  readonly tolerance: { readonly atol: number; readonly rtol: number };
}

const CASES = [
  'head_classification',
  'head_classification_pooler',
  'head_regression',
  'head_multilabel',
  'head_tagging',
  'head_multiple_choice',
  'head_qa',
  'head_masked_lm',
  'head_causal_lm',
  'seq_bn_inv_mlm',
];

const LABEL_NAMES: Readonly<Record<string, keyof HeadLabels>> = { labels: 'labels', start_positions: 'startPositions', end_positions: 'endPositions' };

function tensorOf(data: TensorData | undefined): tf.Tensor {
  if (data === undefined) throw new Error('missing expected tensor');
  return tf.tensor(data.values, [...data.shape], data.dtype);
}

/** The NICE block's inverse (`rev=True`) with the adapter file's F and G: x2 = y2 - G(y1), x1 = y1 - F(x2). */
async function niceInverse(adapterFolder: string, name: string): Promise<{ inverse: (x: tf.Tensor) => tf.Tensor; dispose: () => void }> {
  const { tensors } = await readSafetensors(path.join(adapterFolder, 'adapter.safetensors'));
  const weights = new Map<string, tf.Tensor>();
  for (const [key, value] of tensors) {
    const prefix = `bert.invertible_adapters.${name}.`;
    if (key.startsWith(prefix)) weights.set(key.slice(prefix.length), tensorOf(value));
  }
  const part = (which: 'F' | 'G', x: tf.Tensor): tf.Tensor =>
    linearForward(
      tf.relu(linearForward(x, weights.get(`${which}.0.weight`) as tf.Tensor, weights.get(`${which}.0.bias`))),
      weights.get(`${which}.2.weight`) as tf.Tensor,
      weights.get(`${which}.2.bias`),
    );
  const inverse = (y: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const half = (y.shape[2] as number) / 2;
      const [y1, y2] = tf.split(y, [half, (y.shape[2] as number) - half], 2) as [tf.Tensor, tf.Tensor];
      const x2 = tf.sub(y2, part('G', y1));
      const x1 = tf.sub(y1, part('F', x2));
      return tf.concat([x1, x2], 2);
    });
  return { inverse, dispose: () => weights.forEach((tensor) => tensor.dispose()) };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: FixtureCase['tolerance'], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const e = expected[index] as number;
    worst = Math.max(worst, Math.abs((actual[index] as number) - e) - (tolerance.atol + tolerance.rtol * Math.abs(e)));
  }
  expect(worst, `${what}: worst excess over the tolerance`).toBeLessThanOrEqual(0);
}

describe('fixture head cases', () => {
  it.each(CASES)('%s: logits and loss match the reference', async (caseName) => {
    const caseFolder = path.join(fixturesRoot(), caseName);
    const fixture = JSON.parse(readFileSync(path.join(caseFolder, 'case.json'), 'utf8')) as FixtureCase;
    const inputs = JSON.parse(readFileSync(path.join(caseFolder, fixture.inputs), 'utf8')) as { attention_mask: unknown[] };
    const expected = (await readSafetensors(path.join(caseFolder, 'expected.safetensors'))).tensors;
    const backbone = await readSafetensors(path.join(fixturesRoot(), '_backbones/bert-tiny-a/model.safetensors'), {
      filter: (name) => name === 'embeddings.word_embeddings.weight',
    });
    const words = backbone.tensors.get('embeddings.word_embeddings.weight') as TensorData;
    const embeddings = tf.tidy(() => tf.variable(tf.tensor(words.values, [...words.shape])));
    const headEntry = fixture.heads[0] as { name: string; path: string };
    const { head } = await loadHead(path.join(caseFolder, headEntry.path), contextFromBertConfig(readBackboneConfig(), { wordEmbeddings: embeddings }));
    const invertible = fixture.adapters.length > 0 ? await niceInverse(path.join(caseFolder, fixture.adapters[0]?.path ?? ''), fixture.adapters[0]?.name ?? '') : undefined;
    try {
      const results = tf.tidy(() => {
        const lastHiddenState = tensorOf(expected.get('last_hidden_state')) as tf.Tensor3D;
        const rows = lastHiddenState.shape[0];
        const headInputs: HeadInputs = {
          lastHiddenState,
          poolerOutput: tensorOf(expected.get('pooler_output')) as tf.Tensor2D,
          attentionMask: tf.reshape(tf.tensor(inputs.attention_mask.flat(2) as number[]), [rows, -1]) as tf.Tensor2D,
          invertibleInverse: invertible?.inverse,
        };
        const labels: Record<string, tf.Tensor> = {};
        for (const [key, value] of Object.entries(fixture.labels)) {
          labels[LABEL_NAMES[key] as string] = tf.tensor(value as number[], undefined, fixture.label_dtypes[key] === 'float32' ? 'float32' : 'int32');
        }
        const output = head.forward(headInputs, labels as HeadLabels);
        const found: Record<string, Float32Array> = { loss: output.loss?.dataSync() as Float32Array };
        if (output.startLogits !== undefined) found.start_logits = output.startLogits.dataSync() as Float32Array;
        if (output.endLogits !== undefined) found.end_logits = output.endLogits.dataSync() as Float32Array;
        if (output.logits !== undefined && fixture.logits_positions === undefined) found.logits = output.logits.dataSync() as Float32Array;
        if (output.logits !== undefined && fixture.logits_positions !== undefined) {
          const picked = fixture.logits_positions.map(([row, position]) => tf.squeeze(tf.slice(output.logits as tf.Tensor, [row, position, 0], [1, 1, -1])));
          found.logits_at_positions = tf.stack(picked).dataSync() as Float32Array;
        }
        return found;
      });
      const compared = Object.keys(results);
      expect(compared.sort()).toEqual([...expected.keys()].filter((key) => !key.startsWith('hidden_states') && key !== 'last_hidden_state' && key !== 'pooler_output').sort());
      for (const key of compared) expectClose(results[key] as Float32Array, expected.get(key)?.values as Float32Array, fixture.tolerance, `${caseName} ${key}`);
    } finally {
      head.dispose();
      embeddings.dispose();
      invertible?.dispose();
    }
  });
});
