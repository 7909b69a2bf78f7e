import { openModelWeights } from '@adapters/core';
import { STATIC_TO_FLEX_HEAD_MAP, convertStaticHead, loadHeadWeights } from '@adapters/heads';
import { loadEncoder, type LoadEncoderOptions } from '@adapters/models';
import { loadTokenizer } from '@adapters/tokenizers';
import { ModelWithHeads } from './model-with-heads';

export interface FromPretrainedOptions extends LoadEncoderOptions {
  /** Name of the flex head converted from a static HF head (`classifier.*`, `cls.*`); default `default`. */
  readonly staticHeadName?: string;
  /** Also load the tokenizer files of the folder when present (default true). */
  readonly tokenizer?: boolean;
}

/**
 * The seed's `AutoModelWithHeads` (AdapterHub's `AutoAdapterModel`): `fromPretrained(folder)` loads an HF
 * model folder, converts a static head (`BertForSequenceClassification`, `BertForMaskedLM`, ...) into a flex
 * head, and loads the folder's tokenizer.
 */
export const AutoModelWithHeads = {
  async fromPretrained(folder: string, options: FromPretrainedOptions = {}): Promise<ModelWithHeads> {
    const { model: encoder, unusedKeys, config, weightsFile } = await loadEncoder(folder, options);
    const model = new ModelWithHeads(encoder);
    try {
      const architectures = config.raw.architectures;
      const architecture = Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : undefined;
      if (architecture !== undefined && unusedKeys.length > 0 && STATIC_TO_FLEX_HEAD_MAP[architecture] !== undefined) {
        const unused = new Set(unusedKeys);
        const weights = await openModelWeights(folder);
        const tensors = (await weights?.read((key) => unused.has(key))) ?? new Map();
        const label2id = config.raw.label2id;
        const converted = convertStaticHead(architecture, tensors, {
          hiddenSize: config.hiddenSize,
          vocabSize: config.vocabSize,
          label2id: typeof label2id === 'object' && label2id !== null ? (label2id as Record<string, number>) : undefined,
          numLabels: typeof config.raw.num_labels === 'number' ? config.raw.num_labels : undefined,
        });
        const head = model.addHead(options.staticHeadName ?? 'default', converted.headConfig);
        loadHeadWeights(head, converted.tensors, { source: weightsFile });
      }
      if (options.tokenizer !== false) {
        try {
          model.tokenizer = loadTokenizer(folder);
        } catch {
          // a model folder without tokenizer files is fine; predict() then asks for one
        }
      }
      return model;
    } catch (error) {
      model.dispose();
      encoder.dispose();
      throw error;
    }
  },
};

/** AdapterHub's current name for the same thing. */
export const AutoAdapterModel = AutoModelWithHeads;
