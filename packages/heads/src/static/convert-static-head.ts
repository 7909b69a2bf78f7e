import { InvalidConfigError, NoSuchEntryError, type TensorData } from '@adapters/core';
import { defaultLabel2id, readLabel2id, type Label2Id } from '../config/config-fields';
import { headConfigFromDict, headConfigToDict } from '../config/head-config-dict';
import { resolveHeadConfig } from '../config/head-config';
import { STATIC_TO_FLEX_HEAD_MAP } from './static-to-flex-head-map';

export interface ConvertStaticHeadOptions {
  /** The model config's `label2id`; default `LABEL_0..LABEL_{n-1}`. */
  readonly label2id?: Label2Id | null;
  /** The model config's `num_labels` (for multiple choice: the number of choices). */
  readonly numLabels?: number;
  /** Sizes, when they cannot be read off the tensors. */
  readonly hiddenSize?: number;
  readonly vocabSize?: number;
  readonly embeddingSize?: number;
}

export interface ConvertedStaticHead {
  /** The complete flex head config, as `head_config.json` stores it. */
  readonly headConfig: Record<string, unknown>;
  /** The head's tensors under flex names relative to `heads.<name>.` (`1.weight`, ...). */
  readonly tensors: Map<string, TensorData>;
}

/**
 * Static HF head → flex head (`get_head_config_and_rename_list`): the class's config plus the label fields,
 * and each `<static module>.<param>` tensor renamed to `<flex index>.<param>`. Tensors of the base model are
 * skipped. When neither `label2id` nor `numLabels` is given, the label count is read from the output layer.
 */
export function convertStaticHead(
  architecture: string,
  tensors: ReadonlyMap<string, TensorData>,
  options: ConvertStaticHeadOptions = {},
): ConvertedStaticHead {
  const mapping = STATIC_TO_FLEX_HEAD_MAP[architecture];
  if (mapping === undefined) {
    throw new NoSuchEntryError({ registry: 'static head architecture', key: architecture, available: Object.keys(STATIC_TO_FLEX_HEAD_MAP) });
  }
  const renamed = new Map<string, TensorData>();
  let decoderBias: TensorData | undefined;
  for (const [key, value] of tensors) {
    const index = mapping.layers.findIndex((module) => module !== null && key.startsWith(`${module}.`) && !/\s/.test(key));
    if (index >= 0) renamed.set(`${index}.${key.slice((mapping.layers[index] as string).length + 1)}`, value);
    else if (key === mapping.decoderBias) decoderBias = value;
  }
  const outputIndex = mapping.layers.length - 1;
  if (decoderBias !== undefined && !renamed.has(`${outputIndex}.bias`)) renamed.set(`${outputIndex}.bias`, decoderBias);
  if (renamed.size === 0) {
    const prefixes = mapping.layers.filter((module) => module !== null).map((module) => `${module}.*`);
    throw new InvalidConfigError({ path: 'tensors', expected: `${architecture} head tensors (${prefixes.join(', ')})`, received: [...tensors.keys()].slice(0, 5) });
  }

  const headType = mapping.config.head_type as string;
  const dict: Record<string, unknown> = { ...mapping.config };
  const output = renamed.get(`${outputIndex}.weight`) ?? renamed.get(`${outputIndex}.bias`);
  if (headType !== 'masked_lm' && headType !== 'causal_lm') {
    const label2id = options.label2id === undefined || options.label2id === null ? undefined : (readLabel2id(options.label2id, 'label2id', architecture) ?? undefined);
    // Multiple choice scores each choice with one output, so only the options can say how many choices there are.
    const fromTensors = headType === 'multiple_choice' ? undefined : output?.shape[0];
    const count = options.numLabels ?? (label2id === undefined ? fromTensors : Object.keys(label2id).length) ?? 2;
    dict[headType === 'multiple_choice' ? 'num_choices' : 'num_labels'] = count;
    dict.label2id = label2id ?? defaultLabel2id(count);
  }

  // The input size of the first Linear is the hidden size.
  const firstWeight = [...renamed.entries()]
    .filter(([key, value]) => key.endsWith('.weight') && value.shape.length === 2)
    .sort(([left], [right]) => Number.parseInt(left, 10) - Number.parseInt(right, 10))[0]?.[1];
  const hiddenSize = options.hiddenSize ?? firstWeight?.shape[1];
  const vocabSize = options.vocabSize ?? (headType === 'masked_lm' || headType === 'causal_lm' ? output?.shape[0] : undefined);
  const embeddingSize = options.embeddingSize ?? (mapping.layers.length > 1 ? renamed.get('0.weight')?.shape[0] : undefined);
  if (hiddenSize === undefined) {
    throw new InvalidConfigError({ path: 'hiddenSize', expected: 'the model hidden size (no 2-D weight to read it from)', received: undefined, source: architecture });
  }
  const config = resolveHeadConfig(
    headConfigFromDict(dict, { source: architecture }),
    { hiddenSize, vocabSize: vocabSize ?? 0, embeddingSize },
    architecture,
  );
  return { headConfig: headConfigToDict(config), tensors: renamed };
}
