import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { NoSuchEntryError, readSafetensors, type TensorData } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { createHead } from '../registry/create-head';
import { loadHeadWeights } from '../io/load-head-weights';
import { dataRoot, smallContext } from '../testing/head-test-helpers';
import { convertStaticHead } from './convert-static-head';
import { STATIC_TO_FLEX_HEAD_MAP } from './static-to-flex-head-map';

function zeros(shape: number[]): TensorData {
  return { dtype: 'float32', shape, values: new Float32Array(shape.reduce((size, dimension) => size * dimension, 1)) };
}

function shapes(tensors: Map<string, TensorData>): Record<string, readonly number[]> {
  return Object.fromEntries([...tensors].sort(([left], [right]) => left.localeCompare(right)).map(([key, value]) => [key, value.shape]));
}

describe('convertStaticHead', () => {
  it('turns the cls.* tensors of bert-tiny-mlm (BertForMaskedLM) into a masked_lm head', async () => {
    const file = path.join(dataRoot(), 'models/bert-tiny-mlm/model.safetensors');
    const { tensors } = await readSafetensors(file, { filter: (name) => name.startsWith('cls.') });
    const converted = convertStaticHead('BertForMaskedLM', tensors);
    expect(converted.headConfig).toEqual({
      activation_function: 'gelu',
      bias: true,
      embedding_size: 128,
      head_type: 'masked_lm',
      label2id: null,
      layer_norm: true,
      layers: 2,
      shift_labels: false,
      vocab_size: 30522,
    });
    // The decoder weight is tied to the word embeddings, so the file has only its bias (`cls.predictions.bias`).
    expect(shapes(converted.tensors)).toEqual({
      '0.bias': [128],
      '0.weight': [128, 128],
      '2.bias': [128],
      '2.weight': [128],
      '3.bias': [30522],
    });
    expect(converted.tensors.get('3.bias')).toBe(tensors.get('cls.predictions.bias'));
    expect(converted.tensors.get('2.weight')).toBe(tensors.get('cls.predictions.transform.LayerNorm.weight'));
  });

  it('loads the converted MLM head next to the backbone word embeddings', async () => {
    const file = path.join(dataRoot(), 'models/bert-tiny-mlm/model.safetensors');
    const { tensors } = await readSafetensors(file, { filter: (name) => name.startsWith('cls.') || name === 'bert.embeddings.word_embeddings.weight' });
    const converted = convertStaticHead('BertForMaskedLM', tensors);
    const words = tensors.get('bert.embeddings.word_embeddings.weight') as TensorData;
    const embeddings = tf.tidy(() => tf.variable(tf.tensor(words.values, [...words.shape])));
    const head = createHead('mlm', converted.headConfig, smallContext({ hiddenSize: 128, vocabSize: 30522, wordEmbeddings: embeddings }));
    loadHeadWeights(head, converted.tensors, { source: file });
    expect(head.tiedParameterNames()).toEqual(['3.weight']);
    head.dispose();
    embeddings.dispose();
  });

  it('maps BertForSequenceClassification to a one-layer pooler head: classifier.* → 1.*', () => {
    const tensors = new Map([
      ['bert.pooler.dense.weight', zeros([8, 8])],
      ['classifier.weight', zeros([3, 8])],
      ['classifier.bias', zeros([3])],
    ]);
    const converted = convertStaticHead('BertForSequenceClassification', tensors, { label2id: { neg: 0, neu: 1, pos: 2 } });
    expect(converted.headConfig).toEqual({
      activation_function: null,
      bias: true,
      dropout_prob: null,
      head_type: 'classification',
      label2id: { neg: 0, neu: 1, pos: 2 },
      layers: 1,
      num_labels: 3,
      use_pooler: true,
    });
    expect(shapes(converted.tensors)).toEqual({ '1.bias': [3], '1.weight': [3, 8] });
    // Without label names, the count comes from the output layer and the names are LABEL_i.
    expect(convertStaticHead('BertForSequenceClassification', tensors).headConfig).toMatchObject({ num_labels: 3, label2id: { LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 } });
  });

  it('maps RobertaForSequenceClassification as the library does: dense → 1, out_proj → 4, tanh, no pooler', () => {
    const converted = convertStaticHead(
      'RobertaForSequenceClassification',
      new Map([
        ['classifier.dense.weight', zeros([8, 8])],
        ['classifier.dense.bias', zeros([8])],
        ['classifier.out_proj.weight', zeros([2, 8])],
        ['classifier.out_proj.bias', zeros([2])],
        ['roberta.embeddings.word_embeddings.weight', zeros([10, 8])],
      ]),
    );
    expect(converted.headConfig).toMatchObject({ head_type: 'classification', layers: 2, activation_function: 'tanh', use_pooler: false, num_labels: 2 });
    expect(shapes(converted.tensors)).toEqual({ '1.bias': [8], '1.weight': [8, 8], '4.bias': [2], '4.weight': [2, 8] });
    const head = createHead('sst', converted.headConfig, smallContext({ hiddenSize: 8 }));
    loadHeadWeights(head, converted.tensors);
    head.dispose();
  });

  it('maps token classification to tagging and qa_outputs to question answering', () => {
    const tagging = convertStaticHead('BertForTokenClassification', new Map([['classifier.weight', zeros([9, 8])], ['classifier.bias', zeros([9])]]));
    expect(tagging.headConfig).toMatchObject({ head_type: 'tagging', layers: 1, activation_function: null, num_labels: 9 });
    const qa = convertStaticHead('BertForQuestionAnswering', new Map([['qa_outputs.weight', zeros([2, 8])], ['qa_outputs.bias', zeros([2])]]));
    expect(qa.headConfig).toMatchObject({ head_type: 'question_answering', layers: 1, activation_function: null, num_labels: 2 });
    expect(shapes(qa.tensors)).toEqual({ '1.bias': [2], '1.weight': [2, 8] });
  });

  it('lists the known classes for an unknown one', () => {
    expect(() => convertStaticHead('GPT2LMHeadModel', new Map())).toThrow(NoSuchEntryError);
    expect(() => convertStaticHead('GPT2LMHeadModel', new Map())).toThrow(/Available: BertForSequenceClassification, /);
    expect(() => convertStaticHead('BertForQuestionAnswering', new Map([['bert.pooler.dense.bias', zeros([8])]]))).toThrow(/qa_outputs\.\*/);
    expect(Object.keys(STATIC_TO_FLEX_HEAD_MAP)).toContain('XLMRobertaForMaskedLM');
  });
});
