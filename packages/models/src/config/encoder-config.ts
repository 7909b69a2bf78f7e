import { InvalidConfigError, SIZE_LIMITS, type SizeLimitKind } from '@adapters/core';

/** Model types whose encoder is BERT-shaped (RoBERTa and XLM-R differ only in position ids and padding). */
export type EncoderModelType = 'bert' | 'roberta' | 'xlm-roberta';

/** The normalised, camelCase view of an HF `config.json` for BERT-style encoders. */
export interface EncoderConfig {
  readonly modelType: EncoderModelType;
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  readonly intermediateSize: number;
  readonly hiddenAct: string;
  readonly hiddenDropoutProb: number;
  readonly attentionProbsDropoutProb: number;
  readonly maxPositionEmbeddings: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
  readonly padTokenId: number;
  readonly initializerRange: number;
  /** The original JSON, kept so it can be written back unchanged. */
  readonly raw: Readonly<Record<string, unknown>>;
}

const SUPPORTED: readonly EncoderModelType[] = ['bert', 'roberta', 'xlm-roberta'];
const SUPPORTED_ACTIVATIONS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'gelu_fast', 'relu', 'silu', 'swish', 'tanh'];

export function readNumber(
  json: Record<string, unknown>,
  key: string,
  source: string | undefined,
  options: { fallback?: number; integer?: boolean; min?: number; max?: SizeLimitKind },
): number {
  const value = json[key] ?? options.fallback;
  const max = options.max === undefined ? undefined : SIZE_LIMITS[options.max];
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!options.integer || Number.isInteger(value)) &&
    (options.min === undefined || value >= options.min) &&
    (max === undefined || value <= max);
  if (!valid) {
    const kind = options.integer ? 'an integer' : 'a number';
    throw new InvalidConfigError({
      path: key,
      expected: max !== undefined ? `${kind} >= ${options.min ?? 0} and <= ${max}` : options.min === undefined ? kind : `${kind} >= ${options.min}`,
      received: value,
      source,
    });
  }
  return value as number;
}

/** Validates and normalises an HF BERT/RoBERTa/XLM-R `config.json` object. */
export function normalizeEncoderConfig(json: unknown, source?: string): EncoderConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidConfigError({ path: '(root)', expected: 'a JSON object', received: json, source });
  }
  const record = json as Record<string, unknown>;
  const modelType = record.model_type ?? 'bert';
  if (typeof modelType !== 'string' || !SUPPORTED.includes(modelType as EncoderModelType)) {
    throw new InvalidConfigError({ path: 'model_type', expected: `one of ${SUPPORTED.join(', ')}`, received: modelType, source });
  }
  const hiddenAct = record.hidden_act ?? 'gelu';
  if (typeof hiddenAct !== 'string' || !SUPPORTED_ACTIVATIONS.includes(hiddenAct)) {
    throw new InvalidConfigError({ path: 'hidden_act', expected: `one of ${SUPPORTED_ACTIVATIONS.join(', ')}`, received: hiddenAct, source });
  }
  const positionType = record.position_embedding_type ?? 'absolute';
  if (positionType !== 'absolute') {
    throw new InvalidConfigError({ path: 'position_embedding_type', expected: "'absolute'", received: positionType, source });
  }
  const hiddenSize = readNumber(record, 'hidden_size', source, { integer: true, min: 1, max: 'width' });
  const numAttentionHeads = readNumber(record, 'num_attention_heads', source, { integer: true, min: 1, max: 'width' });
  if (hiddenSize % numAttentionHeads !== 0) {
    throw new InvalidConfigError({
      path: 'num_attention_heads',
      expected: `a divisor of hidden_size (${hiddenSize})`,
      received: numAttentionHeads,
      source,
    });
  }
  const isRoberta = modelType !== 'bert';
  return {
    modelType: modelType as EncoderModelType,
    vocabSize: readNumber(record, 'vocab_size', source, { integer: true, min: 1, max: 'vocab' }),
    hiddenSize,
    numHiddenLayers: readNumber(record, 'num_hidden_layers', source, { integer: true, min: 0, max: 'layers' }),
    numAttentionHeads,
    intermediateSize: readNumber(record, 'intermediate_size', source, { integer: true, min: 1, max: 'width' }),
    hiddenAct,
    hiddenDropoutProb: readNumber(record, 'hidden_dropout_prob', source, { fallback: 0.1, min: 0 }),
    attentionProbsDropoutProb: readNumber(record, 'attention_probs_dropout_prob', source, { fallback: 0.1, min: 0 }),
    maxPositionEmbeddings: readNumber(record, 'max_position_embeddings', source, { fallback: 512, integer: true, min: 1, max: 'positions' }),
    typeVocabSize: readNumber(record, 'type_vocab_size', source, { fallback: 2, integer: true, min: 1, max: 'vocab' }),
    layerNormEps: readNumber(record, 'layer_norm_eps', source, { fallback: 1e-12, min: 0 }),
    padTokenId: readNumber(record, 'pad_token_id', source, { fallback: isRoberta ? 1 : 0, integer: true, min: 0 }),
    initializerRange: readNumber(record, 'initializer_range', source, { fallback: 0.02, min: 0 }),
    raw: { ...record },
  };
}
