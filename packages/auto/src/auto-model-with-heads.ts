import { openModelWeights, readSourceText, sourceFileName, toFileSource, type FileSource } from '@adapters/core';
import { STATIC_TO_FLEX_HEAD_MAP, convertStaticHead, loadHeadWeights } from '@adapters/heads';
import { isDecoder, loadBackbone, type DecoderConfig, type EncoderConfig, type LoadEncoderOptions } from '@adapters/models';
import { decoderStaticHead } from './decoder-static-heads';
import { Llama2cTokenizer, loadTokenizerFrom } from '@adapters/tokenizers';
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
 * head, and loads the folder's tokenizer. The folder is a path (Node) or any `FileSource`: files in memory
 * (`fileMapSource`) or behind a URL (`urlSource`, e.g. the hub's `https://huggingface.co/<repo>/resolve/main/`).
 */
export const AutoModelWithHeads = {
  async fromPretrained(folderOrSource: string | FileSource, options: FromPretrainedOptions = {}): Promise<ModelWithHeads> {
    const source = toFileSource(folderOrSource);
    const { model: encoder, unusedKeys, config: loadedConfig, weightsFile } = await loadBackbone(source, options);
    const model = new ModelWithHeads(encoder);
    try {
      const architectures = loadedConfig.raw.architectures;
      const architecture = Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : undefined;
      const decoderHead = architecture !== undefined && isDecoder(encoder) ? decoderStaticHead(architecture, loadedConfig as DecoderConfig, unusedKeys) : undefined;
      if (decoderHead !== undefined) {
        const fileKeys = new Set(decoderHead.weights.keys());
        const weights = await openModelWeights(source);
        const tensors = (await weights?.read((key) => fileKeys.has(key))) ?? new Map();
        const head = model.addHead(options.staticHeadName ?? 'default', decoderHead.headConfig);
        if (tensors.size > 0) loadHeadWeights(head, new Map([...tensors].map(([key, value]) => [decoderHead.weights.get(key) as string, value])), { source: weightsFile });
      }
      const config = loadedConfig as EncoderConfig;
      if (decoderHead === undefined && architecture !== undefined && unusedKeys.length > 0 && STATIC_TO_FLEX_HEAD_MAP[architecture] !== undefined) {
        const unused = new Set(unusedKeys);
        const weights = await openModelWeights(source);
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
          model.tokenizer = await loadTokenizerFrom(folderOrSource);
        } catch {
          // llama2.c models (stories260K) ship tokenizer_vocab.json instead of HF tokenizer files
          const vocabulary = await readSourceText(source, 'tokenizer_vocab.json');
          if (vocabulary !== undefined) model.tokenizer = Llama2cTokenizer.fromJson(vocabulary, sourceFileName(source, 'tokenizer_vocab.json'));
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
