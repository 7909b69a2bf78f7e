import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidConfigError, NoSuchEntryError, PythonFloat, dumpPythonJson, parsePythonJson } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { asWrittenByAdapters120 } from '@adapters/test-utils';
import { fixtureHeadFolders } from '../testing/head-test-helpers';
import { headConfigFromDict, headConfigToDict } from './head-config-dict';
import { resolveHeadConfig, type HeadOptions } from './head-config';
import type { HeadSizes } from './head-context';

const SIZES: HeadSizes = { hiddenSize: 32, vocabSize: 30522 };

function dictOf(options: HeadOptions, sizes: HeadSizes = SIZES): Record<string, unknown> {
  return headConfigToDict(resolveHeadConfig(options, sizes));
}

describe('head config dicts', () => {
  it.each(fixtureHeadFolders())('%s: reading and writing its config gives the same JSON', (_label, folder) => {
    const text = readFileSync(path.join(folder, 'head_config.json'), 'utf8');
    const json = parsePythonJson(text) as { config: Record<string, unknown> };
    const written = headConfigToDict(resolveHeadConfig(headConfigFromDict(json.config), SIZES));
    // What adapters 1.2.0 writes for it: default class names where the fixture has label2id null.
    const expected = parsePythonJson(asWrittenByAdapters120(text)) as { config: Record<string, unknown> };
    expect(dumpPythonJson(written, { indent: 2, sortKeys: true })).toBe(dumpPythonJson(expected.config, { indent: 2, sortKeys: true }));
  });

  it('fills in the add_*_head defaults for typed options', () => {
    expect(dictOf({ headType: 'classification' })).toEqual({
      activation_function: 'tanh',
      bias: true,
      dropout_prob: null,
      head_type: 'classification',
      // add_prediction_head's default class names
      label2id: { LABEL_0: 0, LABEL_1: 1 },
      layers: 2,
      num_labels: 2,
      use_pooler: false,
    });
    expect(dictOf({ headType: 'tagging' })).toMatchObject({ layers: 1, num_labels: 2, activation_function: 'tanh' });
    expect(dictOf({ headType: 'question_answering' })).toMatchObject({ layers: 1, num_labels: 2 });
    expect(dictOf({ headType: 'multiple_choice' })).toEqual({
      activation_function: 'tanh',
      dropout_prob: null,
      head_type: 'multiple_choice',
      label2id: { LABEL_0: 0, LABEL_1: 1 },
      layers: 2,
      num_choices: 2,
      use_pooler: false,
    });
    expect(dictOf({ headType: 'tagging', numLabels: 3 })).toMatchObject({ label2id: { LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 } });
    expect(dictOf({ headType: 'masked_lm' })).toMatchObject({ label2id: null });
    expect(dictOf({ headType: 'masked_lm' })).toMatchObject({ layers: 2, activation_function: 'gelu', vocab_size: 30522, embedding_size: 32, shift_labels: false });
    expect(dictOf({ headType: 'causal_lm' })).toMatchObject({ layers: 2, activation_function: 'gelu', layer_norm: true, bias: true, shift_labels: true, dropout_prob: null });
    expect(dictOf({ headType: 'masked_lm' }, { ...SIZES, embeddingSize: 16 })).toMatchObject({ embedding_size: 16 });
  });

  it('gives a causal_lm dict without keys the CausalLMHead constructor defaults', () => {
    expect(dictOf(headConfigFromDict({ head_type: 'causal_lm' }))).toMatchObject({ layers: 1, activation_function: null, layer_norm: false, bias: false, shift_labels: true });
  });

  it('writes dropout_prob as a Python float', () => {
    expect(dumpPythonJson(dictOf({ headType: 'classification', dropoutProb: 0 }))).toContain('"dropout_prob": 0.0');
    expect(dumpPythonJson(dictOf({ headType: 'tagging', dropoutProb: 0.1 }))).toContain('"dropout_prob": 0.1');
    expect(headConfigFromDict({ head_type: 'tagging', dropout_prob: new PythonFloat(0.25) })).toMatchObject({ dropoutProb: 0.25 });
  });

  it('stores class names as label2id, from id2label (ids may be keys or list positions)', () => {
    expect(dictOf({ headType: 'classification', id2label: { 0: 'negative', 1: 'positive' } }).label2id).toEqual({ negative: 0, positive: 1 });
    expect(dictOf({ headType: 'tagging', numLabels: 3, id2label: ['O', 'B', 'I'] }).label2id).toEqual({ O: 0, B: 1, I: 2 });
    expect(dictOf(headConfigFromDict({ head_type: 'classification', label2id: { b: 1, a: 0 } })).label2id).toEqual({ a: 0, b: 1 });
    // As add_prediction_head_from_config: id2label wins over label2id.
    expect(dictOf(headConfigFromDict({ head_type: 'classification', label2id: { a: 0 }, id2label: { 0: 'x', 1: 'y' } })).label2id).toEqual({ x: 0, y: 1 });
    expect(() => resolveHeadConfig({ headType: 'classification', id2label: ['a'], label2id: { a: 0 } }, SIZES)).toThrow(/either id2label or label2id/);
  });

  it('names the field and the file of a bad value', () => {
    const source = 'heads/sst/head_config.json';
    expect(() => headConfigFromDict({ head_type: 'classification', num_labels: 0 }, { source })).toThrow(
      `Invalid value for 'num_labels' in ${source}: expected an integer >= 1 and <= 1048576, received 0.`,
    );
    expect(() => headConfigFromDict({ head_type: 'classification', layers: new PythonFloat(2) })).toThrow(/'layers'.*integer/);
    expect(() => headConfigFromDict({ head_type: 'classification', activation_function: 'swishy' })).toThrow(/'activation_function'.*one of/);
    expect(() => headConfigFromDict({ head_type: 'classification', dropout_prob: 1.5 })).toThrow(/'dropout_prob'/);
    expect(() => headConfigFromDict({ head_type: 'tagging', use_pooler: true })).toThrow(InvalidConfigError);
    expect(() => headConfigFromDict({ head_type: 'tagging', use_pooler: true })).toThrow(/only the 'tagging' head config keys/);
    expect(() => headConfigFromDict({ head_type: 'masked_lm', label2id: { a: 0 } })).toThrow(/'label2id'/);
    expect(() => headConfigFromDict({ num_labels: 2 })).toThrow(/'head_type'/);
    expect(() => resolveHeadConfig({ headType: 'masked_lm', layers: 1, embeddingSize: 16 }, SIZES)).toThrow(/hidden size 32 when layers is 1/);
  });

  it('lists the built-in types for an unknown head_type', () => {
    expect(() => headConfigFromDict({ head_type: 'dependency_parsing' })).toThrow(NoSuchEntryError);
    expect(() => headConfigFromDict({ head_type: 'dependency_parsing' })).toThrow(
      "No head type named 'dependency_parsing'. Available: classification, multilabel_classification, multiple_choice, tagging, question_answering, masked_lm, causal_lm.",
    );
  });
});
