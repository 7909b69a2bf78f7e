// The `config` object of `head_config.json` (snake_case, as AdapterHub writes it) <-> typed head configs.
import { InvalidConfigError, NoSuchEntryError, PythonFloat, type SizeLimitKind } from '@adapters/core';
import {
  assertKnownKeys,
  label2idFromId2label,
  readActivationName,
  readBoolean,
  readDropoutProb,
  readInteger,
  readLabel2id,
  type Label2Id,
} from './config-fields';
import { BUILT_IN_HEAD_TYPES, isBuiltInHeadType, type BuiltInHeadType, type HeadConfig, type HeadOptions } from './head-config';

/** A head config as stored in `head_config.json`: snake_case keys, `head_type` included. */
export type HeadConfigDict = Readonly<Record<string, unknown>>;

const SENTENCE_KEYS = ['head_type', 'layers', 'activation_function', 'label2id', 'id2label', 'dropout_prob'];
const LANGUAGE_MODEL_KEYS = ['head_type', 'vocab_size', 'embedding_size', 'layers', 'activation_function', 'layer_norm', 'bias', 'shift_labels', 'label2id'];

/** Keys each head type's constructor accepts (`id2label` is what `add_prediction_head_from_config` passes on). */
const ALLOWED_KEYS: Readonly<Record<BuiltInHeadType, readonly string[]>> = {
  classification: [...SENTENCE_KEYS, 'num_labels', 'use_pooler', 'bias'],
  multilabel_classification: [...SENTENCE_KEYS, 'num_labels', 'use_pooler', 'bias'],
  multiple_choice: [...SENTENCE_KEYS, 'num_choices', 'use_pooler'],
  tagging: [...SENTENCE_KEYS, 'num_labels'],
  question_answering: [...SENTENCE_KEYS, 'num_labels'],
  masked_lm: LANGUAGE_MODEL_KEYS,
  causal_lm: [...LANGUAGE_MODEL_KEYS, 'dropout_prob'],
};

/**
 * `CausalLMHead`'s constructor defaults, which differ from `add_causal_lm_head`'s: a config dict that leaves a key
 * out (e.g. the static map's `{"head_type": "causal_lm"}` for GPT-2) gets these.
 */
const CAUSAL_LM_CLASS_DEFAULTS = { layers: 1, activationFunction: null, layerNorm: false, bias: false } as const;

function optional<T>(dict: HeadConfigDict, key: string, read: (value: unknown, path: string) => T): T | undefined {
  return dict[key] === undefined ? undefined : read(dict[key], key);
}

function readLabels(dict: HeadConfigDict, source: string | undefined): { label2id?: Label2Id | null; id2label?: undefined } {
  // As `add_prediction_head_from_config`: an `id2label` map wins over `label2id`.
  if (dict.id2label !== undefined && dict.id2label !== null) return { label2id: label2idFromId2label(dict.id2label, 'id2label', source) };
  return { label2id: optional(dict, 'label2id', (value, path) => readLabel2id(value, path, source)) };
}

/**
 * Reads the `config` object of a `head_config.json` into typed options (checked field by field; errors name the
 * snake_case key and `source`). Missing keys take the head class's defaults. An unknown `head_type` is a
 * `NoSuchEntryError` listing the built-in types; custom types go through `headRegistry` instead.
 */
export function headConfigFromDict(dict: HeadConfigDict, options: { readonly source?: string } = {}): HeadOptions {
  const { source } = options;
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new InvalidConfigError({ path: 'config', expected: 'a head config object', received: dict, source });
  }
  const headType = dict.head_type;
  if (typeof headType !== 'string') throw new InvalidConfigError({ path: 'head_type', expected: 'a head type name', received: headType, source });
  if (!isBuiltInHeadType(headType)) throw new NoSuchEntryError({ registry: 'head type', key: headType, available: BUILT_IN_HEAD_TYPES });
  assertKnownKeys(dict, ALLOWED_KEYS[headType], `'${headType}' head config`, source);

  const integer = (minimum: number, limit: SizeLimitKind) => (value: unknown, path: string) => readInteger(value, path, minimum, source, limit);
  const boolean = (value: unknown, path: string) => readBoolean(value, path, source);
  const activation = (value: unknown, path: string) => readActivationName(value, path, source);
  const dropout = (value: unknown, path: string) => readDropoutProb(value, path, source);
  const common = {
    layers: optional(dict, 'layers', integer(1, 'headLayers')),
    activationFunction: optional(dict, 'activation_function', activation),
  };

  switch (headType) {
    case 'classification':
    case 'multilabel_classification':
      return {
        headType,
        ...common,
        ...readLabels(dict, source),
        numLabels: optional(dict, 'num_labels', integer(1, 'labels')),
        usePooler: optional(dict, 'use_pooler', boolean),
        bias: optional(dict, 'bias', boolean),
        dropoutProb: optional(dict, 'dropout_prob', dropout),
        ...integerDropout(dict),
      };
    case 'multiple_choice':
      return {
        headType,
        ...common,
        ...readLabels(dict, source),
        numChoices: optional(dict, 'num_choices', integer(1, 'labels')),
        usePooler: optional(dict, 'use_pooler', boolean),
        dropoutProb: optional(dict, 'dropout_prob', dropout),
        ...integerDropout(dict),
      };
    case 'tagging':
    case 'question_answering':
      return {
        headType,
        ...common,
        ...readLabels(dict, source),
        numLabels: optional(dict, 'num_labels', integer(1, 'labels')),
        dropoutProb: optional(dict, 'dropout_prob', dropout),
        ...integerDropout(dict),
      };
    case 'masked_lm':
    case 'causal_lm': {
      if (dict.label2id !== undefined && dict.label2id !== null) {
        throw new InvalidConfigError({ path: 'label2id', expected: `null (a '${headType}' head has no class names)`, received: dict.label2id, source });
      }
      const languageModel = {
        ...common,
        vocabSize: optional(dict, 'vocab_size', integer(1, 'vocab')),
        embeddingSize: optional(dict, 'embedding_size', integer(1, 'width')),
        layerNorm: optional(dict, 'layer_norm', boolean),
        bias: optional(dict, 'bias', boolean),
        shiftLabels: optional(dict, 'shift_labels', boolean),
      };
      if (headType === 'masked_lm') return { headType, ...languageModel };
      return {
        headType,
        layers: languageModel.layers ?? CAUSAL_LM_CLASS_DEFAULTS.layers,
        activationFunction: languageModel.activationFunction === undefined ? CAUSAL_LM_CLASS_DEFAULTS.activationFunction : languageModel.activationFunction,
        layerNorm: languageModel.layerNorm ?? CAUSAL_LM_CLASS_DEFAULTS.layerNorm,
        bias: languageModel.bias ?? CAUSAL_LM_CLASS_DEFAULTS.bias,
        vocabSize: languageModel.vocabSize,
        embeddingSize: languageModel.embeddingSize,
        shiftLabels: languageModel.shiftLabels,
        dropoutProb: optional(dict, 'dropout_prob', dropout),
        ...integerDropout(dict),
      };
    }
  }
}

/** A plain integer `dropout_prob` (parsePythonJson keeps floats as `PythonFloat`): the file said `0`, not `0.0`. */
function integerDropout(dict: Readonly<Record<string, unknown>>): { dropoutProbInteger?: true } {
  const value = dict.dropout_prob;
  return typeof value === 'number' && Number.isInteger(value) ? { dropoutProbInteger: true } : {};
}

function dropoutToDict(dropoutProb: number | null, integer = false): PythonFloat | number | null {
  // Python holds dropout probabilities as floats (0 is written `0.0`) unless the config was read with an int.
  if (dropoutProb === null) return null;
  return integer ? dropoutProb : new PythonFloat(dropoutProb);
}

/**
 * The labels as the library saves them: without class names, `add_prediction_head` fills in
 * `{"LABEL_0": 0, ...}` for `count` labels (or choices) before the head is ever written.
 */
function label2idToDict(label2id: Label2Id | null, count: number): Record<string, number> {
  if (label2id !== null) return { ...label2id };
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`LABEL_${index}`, index]));
}

/**
 * The exact `config` object `adapters` writes for this head (every key of its type, `dropout_prob` as a float),
 * ready for `dumpPythonJson(..., { indent: 2, sortKeys: true })`.
 */
export function headConfigToDict(config: HeadConfig): Record<string, unknown> {
  switch (config.headType) {
    case 'classification':
    case 'multilabel_classification':
      return {
        activation_function: config.activationFunction,
        bias: config.bias,
        dropout_prob: dropoutToDict(config.dropoutProb, config.dropoutProbInteger),
        head_type: config.headType,
        label2id: label2idToDict(config.label2id, config.numLabels),
        layers: config.layers,
        num_labels: config.numLabels,
        use_pooler: config.usePooler,
      };
    case 'multiple_choice':
      return {
        activation_function: config.activationFunction,
        dropout_prob: dropoutToDict(config.dropoutProb, config.dropoutProbInteger),
        head_type: config.headType,
        label2id: label2idToDict(config.label2id, config.numChoices),
        layers: config.layers,
        num_choices: config.numChoices,
        use_pooler: config.usePooler,
      };
    case 'tagging':
    case 'question_answering':
      return {
        activation_function: config.activationFunction,
        dropout_prob: dropoutToDict(config.dropoutProb, config.dropoutProbInteger),
        head_type: config.headType,
        label2id: label2idToDict(config.label2id, config.numLabels),
        layers: config.layers,
        num_labels: config.numLabels,
      };
    case 'masked_lm':
    case 'causal_lm': {
      const dict: Record<string, unknown> = {
        activation_function: config.activationFunction,
        bias: config.bias,
        embedding_size: config.embeddingSize,
        head_type: config.headType,
        label2id: null,
        layer_norm: config.layerNorm,
        layers: config.layers,
        shift_labels: config.shiftLabels,
        vocab_size: config.vocabSize,
      };
      if (config.headType === 'causal_lm') dict.dropout_prob = dropoutToDict(config.dropoutProb, config.dropoutProbInteger);
      return dict;
    }
  }
}
