import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, ShapeMismatchError, StateDictError, type TensorData } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { ClassificationHead } from '../heads/classification-head';
import { BertStyleMaskedLMHead } from '../heads/masked-lm-head';
import { smallContext, vectorData } from '../testing/head-test-helpers';
import { assertHeadConfigCompatible, loadHeadWeights } from './load-head-weights';
import { renameHeadTensors } from './rename-head';

function filled(shape: number[], value: number): TensorData {
  return { dtype: 'float32', shape, values: new Float32Array(shape.reduce((size, dimension) => size * dimension, 1)).fill(value) };
}

function classifierTensors(numLabels: number, prefix = ''): Map<string, TensorData> {
  return new Map([
    [`${prefix}1.weight`, filled([6, 6], 0.1)],
    [`${prefix}1.bias`, filled([6], 0.2)],
    [`${prefix}4.weight`, filled([numLabels, 6], 0.3)],
    [`${prefix}4.bias`, filled([numLabels], 0.4)],
  ]);
}

function values(head: { namedParameters(): Array<[string, tf.Variable]> }): Record<string, number> {
  return Object.fromEntries(head.namedParameters().map(([name, variable]) => [name, variable.dataSync()[0] as number]));
}

describe('loadHeadWeights', () => {
  it('loads relative or heads.<name>-prefixed names', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    loadHeadWeights(head, classifierTensors(3));
    expect(values(head)).toEqual({ '1.weight': Math.fround(0.1), '1.bias': Math.fround(0.2), '4.weight': Math.fround(0.3), '4.bias': Math.fround(0.4) });
    loadHeadWeights(head, new Map([...classifierTensors(3, 'heads.sst.')].map(([key, value]) => [key, { ...value, values: (value.values as Float32Array).map(() => 1) }])));
    expect(Object.values(values(head))).toEqual([1, 1, 1, 1]);
    head.dispose();
  });

  it('names missing and unexpected keys', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    const tensors = classifierTensors(3);
    tensors.delete('4.bias');
    tensors.set('7.weight', filled([1], 0));
    expect(() => loadHeadWeights(head, tensors, { source: 'model_head.safetensors' })).toThrow(StateDictError);
    expect(() => loadHeadWeights(head, tensors, { source: 'model_head.safetensors' })).toThrow(
      'Error loading state dict from model_head.safetensors: missing keys: heads.sst.4.bias; unexpected keys: heads.sst.7.weight.',
    );
    expect(() => loadHeadWeights(head, classifierTensors(3, 'heads.other.'))).toThrow(/missing keys: heads\.sst\.1\.weight/);
    head.dispose();
  });

  it('names a wrong shape, and changes nothing when it fails', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    const before = values(head);
    const tensors = classifierTensors(3);
    tensors.set('1.weight', filled([6, 5], 0));
    expect(() => loadHeadWeights(head, tensors)).toThrow(ShapeMismatchError);
    expect(() => loadHeadWeights(head, tensors)).toThrow("Shape mismatch for 'heads.sst.1.weight': expected [6, 6], got [6, 5].");
    expect(values(head)).toEqual(before);
    head.dispose();
  });

  it('calls weights for another label count a num_labels mismatch', () => {
    const head = new ClassificationHead('sst', { numLabels: 3 }, smallContext());
    const load = () => loadHeadWeights(head, classifierTensors(2), { source: 'sst/model_head.safetensors' });
    expect(load).toThrow(InvalidConfigError);
    expect(load).toThrow(
      "Invalid value for 'num_labels' in sst/model_head.safetensors: expected 3, the num_labels of head 'sst' (its tensor '4.weight' is [3, 6]), received \"weights for 2 labels ([2, 6])\".",
    );
    const withConfig = () => loadHeadWeights(head, classifierTensors(2), { config: { head_type: 'classification', num_labels: 2 }, source: 'sst/head_config.json' });
    expect(withConfig).toThrow(/Invalid value for 'config\.num_labels' in sst\/head_config\.json: expected 3, the num_labels of head 'sst'.*received 2\./);
    expect(() => assertHeadConfigCompatible(head, { head_type: 'tagging' })).toThrow(/config\.head_type/);
    // Label names and dropout do not decide the layers.
    assertHeadConfigCompatible(head, { head_type: 'classification', num_labels: 3, label2id: { x: 0 }, dropout_prob: 0.3 });
    head.dispose();
  });

  it('checks tied parameters for shape only, and never writes them', () => {
    const embeddings = tf.tidy(() => tf.variable(tf.fill([11, 6], 7)));
    const head = new BertStyleMaskedLMHead('mlm', {}, smallContext({ wordEmbeddings: embeddings }));
    const tensors = new Map<string, TensorData>([
      ['0.weight', filled([6, 6], 0.1)],
      ['0.bias', filled([6], 0)],
      ['2.weight', filled([6], 1)],
      ['2.bias', filled([6], 0)],
      ['3.bias', filled([11], 0.5)],
    ]);
    loadHeadWeights(head, tensors);
    loadHeadWeights(head, new Map([...tensors, ['3.weight', filled([11, 6], 2)]]));
    expect(embeddings.dataSync()[0]).toBe(7);
    expect(() => loadHeadWeights(head, new Map([...tensors, ['3.weight', filled([11, 5], 2)]]))).toThrow(ShapeMismatchError);
    head.dispose();
    embeddings.dispose();
  });
});

describe('renameHeadTensors', () => {
  it('renames whole head names only', () => {
    const renamed = renameHeadTensors(new Map([['heads.a.1.weight', 1], ['heads.ab.1.weight', 2], ['bert.x', 3]]), 'a', 'b');
    expect([...renamed.entries()]).toEqual([
      ['heads.b.1.weight', 1],
      ['heads.ab.1.weight', 2],
      ['bert.x', 3],
    ]);
  });

  it('works on tensor maps', () => {
    const renamed = renameHeadTensors(new Map([['heads.sst.4.bias', vectorData([1, 2])]]), 'sst', 'imdb');
    expect([...renamed.keys()]).toEqual(['heads.imdb.4.bias']);
  });
});
