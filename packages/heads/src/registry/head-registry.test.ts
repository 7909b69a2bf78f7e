import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  Module,
  NoSuchEntryError,
  initializers,
  tidyOutputs,
  type HeadInputs,
  type HeadOutput,
  type PredictionHead,
} from '@adapters/core';
import { describe, expect, it } from 'vitest';
import type { HeadContext } from '../config/head-context';
import { ClassificationHead } from '../heads/classification-head';
import { smallContext } from '../testing/head-test-helpers';
import { createHead } from './create-head';
import { HeadRegistry, createDefaultHeadRegistry, headRegistry } from './head-registry';
import { HEAD_TYPES } from './head-types';

/** A custom head: mean over tokens, then a scale vector (`scale` in its config). */
class MeanPoolHead extends Module implements PredictionHead {
  readonly headType = 'mean_pool';
  readonly weight: tf.Variable;

  constructor(
    readonly name: string,
    private readonly scale: number,
    hiddenSize: number,
  ) {
    super();
    this.weight = this.addParameter('weight', () => initializers.constant(scale)([hiddenSize]));
  }

  headConfig(): Record<string, unknown> {
    return { head_type: 'mean_pool', scale: this.scale };
  }

  forward(inputs: HeadInputs): HeadOutput {
    return tidyOutputs(() => ({ logits: tf.mul(tf.mean(inputs.lastHiddenState, 1), this.weight) }));
  }

  tiedParameterNames(): readonly string[] {
    return [];
  }
}

const meanPoolFactory = (name: string, config: Readonly<Record<string, unknown>>, context: HeadContext): PredictionHead =>
  new MeanPoolHead(name, config.scale as number, context.hiddenSize);

describe('head registry', () => {
  it('knows the built-in head types, keyed by head_type', () => {
    expect(headRegistry.headTypes()).toEqual(Object.keys(HEAD_TYPES));
    expect(Object.keys(HEAD_TYPES)).toEqual([
      'classification',
      'multilabel_classification',
      'multiple_choice',
      'tagging',
      'question_answering',
      'masked_lm',
      'causal_lm',
    ]);
  });

  it('creates the same head from typed options and from the head_config.json dict', () => {
    const typed = createHead('sst', { headType: 'classification', numLabels: 3, id2label: ['a', 'b', 'c'] }, smallContext());
    expect(typed).toBeInstanceOf(ClassificationHead);
    const fromDict = createHead('sst', typed.headConfig(), smallContext());
    expect(fromDict).toBeInstanceOf(ClassificationHead);
    expect(fromDict.headConfig()).toEqual(typed.headConfig());
    expect(fromDict.namedParameters().map(([name, variable]) => [name, variable.shape])).toEqual(
      typed.namedParameters().map(([name, variable]) => [name, variable.shape]),
    );
    typed.dispose();
    fromDict.dispose();
  });

  it('builds every built-in type from a dict', () => {
    const embeddings = tf.tidy(() => tf.variable(tf.zeros([11, 6])));
    for (const headType of headRegistry.headTypes()) {
      const head = createHead(`h_${headType}`, { head_type: headType }, smallContext({ wordEmbeddings: embeddings }));
      expect(head).toBeInstanceOf(HEAD_TYPES[headType as keyof typeof HEAD_TYPES]);
      expect(head.headType).toBe(headType);
      head.dispose();
    }
    embeddings.dispose();
  });

  it('lists the available types for an unknown one', () => {
    const create = () => createHead('x', { head_type: 'dependency_parsing' }, smallContext());
    expect(create).toThrow(NoSuchEntryError);
    expect(create).toThrow(/No head type named 'dependency_parsing'\. Available: classification, .*, causal_lm\./);
    expect(() => createHead('x', { headType: 'nope' } as never, smallContext())).toThrow(NoSuchEntryError);
    expect(() => createHead('x', { numLabels: 2 } as never, smallContext())).toThrow(InvalidConfigError);
  });

  it('is open to custom heads, from dicts and from camelCase options', () => {
    const registry = createDefaultHeadRegistry().register('mean_pool', meanPoolFactory);
    expect(registry.has('mean_pool')).toBe(true);
    expect(headRegistry.has('mean_pool')).toBe(false);
    const fromDict = createHead('pool', { head_type: 'mean_pool', scale: 2 }, smallContext(), registry);
    const fromOptions = createHead('pool', { headType: 'mean_pool', scale: 3 }, smallContext(), registry);
    expect(fromDict.headConfig()).toEqual({ head_type: 'mean_pool', scale: 2 });
    expect(fromOptions.headConfig()).toEqual({ head_type: 'mean_pool', scale: 3 });
    const logits = tf.tidy(() => fromDict.forward({ lastHiddenState: tf.ones([1, 2, 6]), attentionMask: tf.ones([1, 2]) }).logits?.dataSync());
    expect(Array.from(logits ?? [])).toEqual([2, 2, 2, 2, 2, 2]);
    fromDict.dispose();
    fromOptions.dispose();
  });

  it('refuses to register a type twice unless asked to overwrite', () => {
    const registry = new HeadRegistry().register('mean_pool', meanPoolFactory);
    expect(() => registry.register('mean_pool', meanPoolFactory)).toThrow(/not registered yet/);
    registry.register('mean_pool', meanPoolFactory, { overwrite: true });
    expect(registry.unregister('mean_pool')).toBe(true);
    expect(() => registry.get('mean_pool')).toThrow('No head type named \'mean_pool\'. Available: (none).');
    expect(() => registry.register('', meanPoolFactory)).toThrow(InvalidConfigError);
  });
});
