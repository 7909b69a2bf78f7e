import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  PythonFloat,
  ShapeMismatchError,
  StateDictError,
  type PredictionHead,
  type StateValue,
} from '@adapters/core';
import type { HeadConfigDict } from '../config/head-config-dict';

export interface LoadHeadWeightsOptions {
  /** Named in error messages (usually the weights file). */
  readonly source?: string;
  /** The config saved with the weights; checked against the head's own before anything loads. */
  readonly config?: HeadConfigDict;
}

/** Config keys that decide the head's layers: a difference means the weights belong to another head. */
const STRUCTURAL_KEYS = [
  'head_type',
  'num_labels',
  'num_choices',
  'layers',
  'activation_function',
  'use_pooler',
  'bias',
  'vocab_size',
  'embedding_size',
  'layer_norm',
  'shift_labels',
] as const;

function plain(value: unknown): unknown {
  return value instanceof PythonFloat ? value.value : value;
}

function sameShape(left: readonly number[], right: readonly number[]): boolean {
  return left.length === right.length && left.every((size, axis) => size === right[axis]);
}

/**
 * Refuses a saved config whose layer structure differs from the head's (another `num_labels`, `layers`, ...):
 * an `InvalidConfigError` naming the key, both values and the head. Label names and dropout may differ.
 */
export function assertHeadConfigCompatible(head: PredictionHead, config: HeadConfigDict, options: { readonly source?: string } = {}): void {
  const own = head.headConfig();
  for (const key of STRUCTURAL_KEYS) {
    if (!(key in own) || !(key in config)) continue;
    const ownValue = plain(own[key]);
    const savedValue = plain(config[key]);
    if (ownValue === savedValue) continue;
    throw new InvalidConfigError({
      path: `config.${key}`,
      expected: `${JSON.stringify(ownValue)}, the ${key} of head '${head.name}' (create the head from the saved config to change it)`,
      received: savedValue,
      source: options.source,
    });
  }
}

/** The label count a shape mismatch on the output layer means, for a clearer error than the shapes alone. */
function labelCountMismatch(head: PredictionHead, key: string, expected: readonly number[], actual: readonly number[], source?: string): InvalidConfigError | undefined {
  const config = head.headConfig();
  const countKey = 'num_labels' in config ? 'num_labels' : undefined;
  if (countKey === undefined || typeof config[countKey] !== 'number') return undefined;
  const indices = head.namedParameters().map(([name]) => Number.parseInt(name, 10)).filter((index) => Number.isInteger(index));
  const outputIndex = Math.max(...indices);
  if (!key.startsWith(`${outputIndex}.`) || expected[0] !== config[countKey] || actual[0] === expected[0]) return undefined;
  if (!sameShape(expected.slice(1), actual.slice(1))) return undefined;
  return new InvalidConfigError({
    path: countKey,
    expected: `${config[countKey]}, the ${countKey} of head '${head.name}' (its tensor '${key}' is [${expected.join(', ')}])`,
    received: `weights for ${actual[0]} labels ([${actual.join(', ')}])`,
    source,
  });
}

/**
 * Loads head weights, strictly: names are relative (`1.weight`) or `heads.<head name>.`-prefixed; missing or
 * unexpected names are a `StateDictError` listing them, a wrong shape a `ShapeMismatchError` (an output layer
 * sized for another label count an `InvalidConfigError` on `num_labels`). Tied parameters are not written (the
 * backbone owns them) but must have the right shape when present. Everything is checked before anything changes.
 */
export function loadHeadWeights(head: PredictionHead, tensors: ReadonlyMap<string, StateValue>, options: LoadHeadWeightsOptions = {}): void {
  const { source } = options;
  if (options.config !== undefined) assertHeadConfigCompatible(head, options.config, { source });
  const prefix = `heads.${head.name}.`;
  const values = new Map<string, StateValue>();
  for (const [key, value] of tensors) values.set(key.startsWith(prefix) ? key.slice(prefix.length) : key, value);

  const parameters = new Map(head.namedParameters());
  const tied = new Set(head.tiedParameterNames());
  const missingKeys = [...parameters.keys()].filter((key) => !tied.has(key) && !values.has(key));
  const unexpectedKeys = [...values.keys()].filter((key) => !parameters.has(key));
  if (missingKeys.length > 0 || unexpectedKeys.length > 0) {
    throw new StateDictError({ missingKeys: missingKeys.map((key) => `${prefix}${key}`), unexpectedKeys: unexpectedKeys.map((key) => `${prefix}${key}`), source });
  }
  for (const [key, value] of values) {
    const variable = parameters.get(key) as tf.Variable;
    if (sameShape(variable.shape, value.shape)) continue;
    throw labelCountMismatch(head, key, variable.shape, value.shape, source) ?? new ShapeMismatchError({ key: `${prefix}${key}`, expected: variable.shape, actual: value.shape, source });
  }
  for (const [key, value] of values) {
    if (tied.has(key)) continue;
    const variable = parameters.get(key) as tf.Variable;
    tf.tidy(() => {
      const tensor = value instanceof tf.Tensor ? value : tf.tensor(value.values, [...value.shape], value.dtype);
      variable.assign(tensor.dtype === variable.dtype ? tensor : tf.cast(tensor, variable.dtype));
    });
  }
}
