// Typed head configs: the options of each `add_*_head` method (camelCase, defaults filled in) and the
// complete config a head holds, which maps one to one onto the `config` object of `head_config.json`.
import { InvalidConfigError } from '@adapters/core';
import {
  label2idFromId2label,
  readActivationName,
  readBoolean,
  readDropoutProb,
  readInteger,
  readLabel2id,
  type Label2Id,
} from './config-fields';
import type { HeadSizes } from './head-context';

/** The head types this package implements, as `head_config.json` names them. */
export const BUILT_IN_HEAD_TYPES = [
  'classification',
  'multilabel_classification',
  'multiple_choice',
  'tagging',
  'question_answering',
  'masked_lm',
  'causal_lm',
] as const;

export type BuiltInHeadType = (typeof BUILT_IN_HEAD_TYPES)[number];

export function isBuiltInHeadType(value: unknown): value is BuiltInHeadType {
  return typeof value === 'string' && (BUILT_IN_HEAD_TYPES as readonly string[]).includes(value);
}

/** Class names: give `id2label` (as `add_*_head` takes it) or `label2id` (as the file stores it), not both. */
export interface LabelOptions {
  readonly id2label?: Readonly<Record<number, string>> | readonly string[] | null;
  readonly label2id?: Label2Id | null;
}

/** `add_classification_head(name, num_labels=2, layers=2, activation_function="tanh", id2label=None, use_pooler=False)`. */
export interface ClassificationHeadOptions extends LabelOptions {
  /** 1 means regression (MSE loss). */
  readonly numLabels?: number;
  readonly layers?: number;
  /** Between the hidden layers; null for none. */
  readonly activationFunction?: string | null;
  /** Read the pooler output instead of the first token's hidden state. */
  readonly usePooler?: boolean;
  /** Bias of the final Linear. */
  readonly bias?: boolean;
  /** null: the model's `classifier_dropout`, else `hidden_dropout_prob`. */
  readonly dropoutProb?: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

/** `add_classification_head(..., multilabel=True)`: same options, BCE-with-logits loss. */
export type MultiLabelClassificationHeadOptions = ClassificationHeadOptions;

/** `add_multiple_choice_head(name, num_choices=2, layers=2, activation_function="tanh", id2label=None, use_pooler=False)`. */
export interface MultipleChoiceHeadOptions extends LabelOptions {
  readonly numChoices?: number;
  readonly layers?: number;
  readonly activationFunction?: string | null;
  readonly usePooler?: boolean;
  readonly dropoutProb?: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

/** `add_tagging_head(name, num_labels=2, layers=1, activation_function="tanh", id2label=None)`. */
export interface TaggingHeadOptions extends LabelOptions {
  readonly numLabels?: number;
  readonly layers?: number;
  readonly activationFunction?: string | null;
  readonly dropoutProb?: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

/** `add_qa_head(name, num_labels=2, layers=1, activation_function="tanh")`; the two outputs are start and end. */
export type QuestionAnsweringHeadOptions = TaggingHeadOptions;

/** `add_masked_lm_head(name, activation_function="gelu", layers=2)` (BertStyleMaskedLMHead). */
export interface MaskedLMHeadOptions {
  /** Default: the model's vocabulary size. */
  readonly vocabSize?: number;
  /** Default: the model's `embedding_size`, else its hidden size. */
  readonly embeddingSize?: number;
  readonly layers?: number;
  readonly activationFunction?: string | null;
  readonly layerNorm?: boolean;
  /** Bias of the vocabulary projection. */
  readonly bias?: boolean;
  /** Compare `logits[:, :-1]` with `labels[:, 1:]`. */
  readonly shiftLabels?: boolean;
}

/** `add_causal_lm_head(name, activation_function="gelu", layers=2)`: layer_norm and bias on, labels shifted. */
export interface CausalLMHeadOptions extends MaskedLMHeadOptions {
  /** Saved in the config; the LM layers have no dropout. */
  readonly dropoutProb?: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

/** The options of one head, tagged with its `headType`. */
export type HeadOptions =
  | ({ readonly headType: 'classification' } & ClassificationHeadOptions)
  | ({ readonly headType: 'multilabel_classification' } & MultiLabelClassificationHeadOptions)
  | ({ readonly headType: 'multiple_choice' } & MultipleChoiceHeadOptions)
  | ({ readonly headType: 'tagging' } & TaggingHeadOptions)
  | ({ readonly headType: 'question_answering' } & QuestionAnsweringHeadOptions)
  | ({ readonly headType: 'masked_lm' } & MaskedLMHeadOptions)
  | ({ readonly headType: 'causal_lm' } & CausalLMHeadOptions);

interface SentenceHeadFields {
  readonly layers: number;
  readonly activationFunction: string | null;
  readonly label2id: Label2Id | null;
  readonly dropoutProb: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

export interface ClassificationHeadConfig extends SentenceHeadFields {
  readonly headType: 'classification';
  readonly numLabels: number;
  readonly usePooler: boolean;
  readonly bias: boolean;
}

export interface MultiLabelClassificationHeadConfig extends SentenceHeadFields {
  readonly headType: 'multilabel_classification';
  readonly numLabels: number;
  readonly usePooler: boolean;
  readonly bias: boolean;
}

export interface MultipleChoiceHeadConfig extends SentenceHeadFields {
  readonly headType: 'multiple_choice';
  readonly numChoices: number;
  readonly usePooler: boolean;
}

export interface TaggingHeadConfig extends SentenceHeadFields {
  readonly headType: 'tagging';
  readonly numLabels: number;
}

export interface QuestionAnsweringHeadConfig extends SentenceHeadFields {
  readonly headType: 'question_answering';
  readonly numLabels: number;
}

export interface MaskedLMHeadConfig {
  readonly headType: 'masked_lm';
  readonly vocabSize: number;
  readonly embeddingSize: number;
  readonly layers: number;
  readonly activationFunction: string | null;
  readonly layerNorm: boolean;
  readonly bias: boolean;
  readonly shiftLabels: boolean;
}

export interface CausalLMHeadConfig extends Omit<MaskedLMHeadConfig, 'headType'> {
  readonly headType: 'causal_lm';
  readonly dropoutProb: number | null;
  /** `dropout_prob` was an int in the file it was read from (`0`, not `0.0`): written back the same way. */
  readonly dropoutProbInteger?: boolean;
}

/** A complete head config: every field of the head's `head_config.json` `config`, camelCase. */
export type HeadConfig =
  | ClassificationHeadConfig
  | MultiLabelClassificationHeadConfig
  | MultipleChoiceHeadConfig
  | TaggingHeadConfig
  | QuestionAnsweringHeadConfig
  | MaskedLMHeadConfig
  | CausalLMHeadConfig;

/** The `add_*_head` defaults (spec D.2). */
export const HEAD_DEFAULTS = {
  classification: { numLabels: 2, layers: 2, activationFunction: 'tanh', usePooler: false, bias: true, dropoutProb: null },
  multilabel_classification: { numLabels: 2, layers: 2, activationFunction: 'tanh', usePooler: false, bias: true, dropoutProb: null },
  multiple_choice: { numChoices: 2, layers: 2, activationFunction: 'tanh', usePooler: false, dropoutProb: null },
  tagging: { numLabels: 2, layers: 1, activationFunction: 'tanh', dropoutProb: null },
  question_answering: { numLabels: 2, layers: 1, activationFunction: 'tanh', dropoutProb: null },
  masked_lm: { layers: 2, activationFunction: 'gelu', layerNorm: true, bias: true, shiftLabels: false },
  causal_lm: { layers: 2, activationFunction: 'gelu', layerNorm: true, bias: true, shiftLabels: true, dropoutProb: null },
} as const;

function resolveLabels(options: LabelOptions, source: string | undefined): Label2Id | null {
  const hasId2label = options.id2label !== undefined && options.id2label !== null;
  const hasLabel2id = options.label2id !== undefined && options.label2id !== null;
  if (hasId2label && hasLabel2id) {
    throw new InvalidConfigError({ path: 'id2label', expected: 'either id2label or label2id, not both', received: options.id2label, source });
  }
  if (hasId2label) return label2idFromId2label(options.id2label, 'id2label', source);
  return readLabel2id(options.label2id ?? null, 'label2id', source);
}

function resolveSentenceFields(
  options: ClassificationHeadOptions | MultipleChoiceHeadOptions | TaggingHeadOptions,
  defaults: { readonly layers: number; readonly activationFunction: string | null; readonly dropoutProb: null },
  source: string | undefined,
): SentenceHeadFields {
  return {
    layers: readInteger(options.layers ?? defaults.layers, 'layers', 1, source, 'headLayers'),
    activationFunction: readActivationName(
      options.activationFunction === undefined ? defaults.activationFunction : options.activationFunction,
      'activationFunction',
      source,
    ),
    label2id: resolveLabels(options, source),
    dropoutProb: readDropoutProb(options.dropoutProb === undefined ? defaults.dropoutProb : options.dropoutProb, 'dropoutProb', source),
    ...(options.dropoutProbInteger === true ? { dropoutProbInteger: true } : {}),
  };
}

function resolveLanguageModelFields(
  options: MaskedLMHeadOptions,
  defaults: (typeof HEAD_DEFAULTS)['masked_lm' | 'causal_lm'],
  sizes: HeadSizes,
  source: string | undefined,
): Omit<MaskedLMHeadConfig, 'headType'> {
  const layers = readInteger(options.layers ?? defaults.layers, 'layers', 1, source, 'headLayers');
  const embeddingSize = readInteger(options.embeddingSize ?? sizes.embeddingSize ?? sizes.hiddenSize, 'embeddingSize', 1, source, 'width');
  if (layers === 1 && embeddingSize !== sizes.hiddenSize) {
    // With one layer the vocabulary projection reads the hidden states directly.
    throw new InvalidConfigError({
      path: 'embeddingSize',
      expected: `the hidden size ${sizes.hiddenSize} when layers is 1`,
      received: embeddingSize,
      source,
    });
  }
  return {
    vocabSize: readInteger(options.vocabSize ?? sizes.vocabSize, 'vocabSize', 1, source, 'vocab'),
    embeddingSize,
    layers,
    activationFunction: readActivationName(
      options.activationFunction === undefined ? defaults.activationFunction : options.activationFunction,
      'activationFunction',
      source,
    ),
    layerNorm: readBoolean(options.layerNorm ?? defaults.layerNorm, 'layerNorm', source),
    bias: readBoolean(options.bias ?? defaults.bias, 'bias', source),
    shiftLabels: readBoolean(options.shiftLabels ?? defaults.shiftLabels, 'shiftLabels', source),
  };
}

/**
 * Fills in the `add_*_head` defaults and checks every field. `sizes` gives the LM heads their default
 * `vocab_size` / `embedding_size`. Throws `InvalidConfigError` naming the field.
 */
export function resolveHeadConfig(options: HeadOptions, sizes: HeadSizes, source?: string): HeadConfig {
  switch (options.headType) {
    case 'classification':
    case 'multilabel_classification': {
      const defaults = HEAD_DEFAULTS[options.headType];
      return Object.freeze({
        headType: options.headType,
        numLabels: readInteger(options.numLabels ?? defaults.numLabels, 'numLabels', 1, source, 'labels'),
        ...resolveSentenceFields(options, defaults, source),
        usePooler: readBoolean(options.usePooler ?? defaults.usePooler, 'usePooler', source),
        bias: readBoolean(options.bias ?? defaults.bias, 'bias', source),
      });
    }
    case 'multiple_choice': {
      const defaults = HEAD_DEFAULTS.multiple_choice;
      return Object.freeze({
        headType: options.headType,
        numChoices: readInteger(options.numChoices ?? defaults.numChoices, 'numChoices', 1, source, 'labels'),
        ...resolveSentenceFields(options, defaults, source),
        usePooler: readBoolean(options.usePooler ?? defaults.usePooler, 'usePooler', source),
      });
    }
    case 'tagging':
      return Object.freeze({
        headType: options.headType,
        numLabels: readInteger(options.numLabels ?? HEAD_DEFAULTS.tagging.numLabels, 'numLabels', 1, source, 'labels'),
        ...resolveSentenceFields(options, HEAD_DEFAULTS.tagging, source),
      });
    case 'question_answering': {
      const numLabels = readInteger(options.numLabels ?? HEAD_DEFAULTS.question_answering.numLabels, 'numLabels', 1, source, 'labels');
      // The output is split into exactly a start and an end logit per token.
      if (numLabels !== 2) throw new InvalidConfigError({ path: 'numLabels', expected: '2 (start and end logits)', received: numLabels, source });
      return Object.freeze({ headType: options.headType, numLabels, ...resolveSentenceFields(options, HEAD_DEFAULTS.question_answering, source) });
    }
    case 'masked_lm':
      return Object.freeze({ headType: options.headType, ...resolveLanguageModelFields(options, HEAD_DEFAULTS.masked_lm, sizes, source) });
    case 'causal_lm':
      return Object.freeze({
        headType: options.headType,
        ...resolveLanguageModelFields(options, HEAD_DEFAULTS.causal_lm, sizes, source),
        dropoutProb: readDropoutProb(options.dropoutProb === undefined ? null : options.dropoutProb, 'dropoutProb', source),
        ...(options.dropoutProbInteger === true ? { dropoutProbInteger: true } : {}),
      });
    default: {
      const headType: unknown = (options as { headType?: unknown }).headType;
      throw new InvalidConfigError({ path: 'headType', expected: `one of ${BUILT_IN_HEAD_TYPES.join(', ')}`, received: headType, source });
    }
  }
}
