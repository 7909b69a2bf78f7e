import { InvalidConfigError } from '@adapters/core';
import { readNumber } from './encoder-config';

export type DecoderModelType = 'gpt2' | 'llama';

/** The normalised, camelCase view of an HF GPT-2 or Llama `config.json` (GPT-2 names mapped to Llama's). */
export interface DecoderConfig {
  readonly modelType: DecoderModelType;
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numHiddenLayers: number;
  readonly numAttentionHeads: number;
  /** GQA: heads of the keys/values (`num_key_value_heads`); GPT-2: `n_head`. */
  readonly numKeyValueHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly hiddenAct: string;
  /** GPT-2 `layer_norm_epsilon`; Llama `rms_norm_eps`. */
  readonly layerNormEps: number;
  readonly maxPositionEmbeddings: number;
  readonly ropeTheta: number;
  readonly tieWordEmbeddings: boolean;
  /** Undefined when the config has none (classification then reads the last position). */
  readonly padTokenId: number | undefined;
  readonly bosTokenId: number | undefined;
  readonly eosTokenIds: readonly number[];
  /** GPT-2 `resid_pdrop`; Llama has none (0). Also the heads' dropout fallback. */
  readonly hiddenDropoutProb: number;
  readonly attentionProbsDropoutProb: number;
  /** GPT-2 `embd_pdrop`. */
  readonly embeddingDropoutProb: number;
  readonly attentionBias: boolean;
  readonly mlpBias: boolean;
  readonly initializerRange: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

const SUPPORTED: readonly DecoderModelType[] = ['gpt2', 'llama'];

/** Whether `config.json`'s `model_type` names a decoder this package builds. */
export function isDecoderModelType(modelType: unknown): modelType is DecoderModelType {
  return typeof modelType === 'string' && (SUPPORTED as readonly string[]).includes(modelType);
}

function optionalId(record: Record<string, unknown>, key: string, source: string | undefined): number | undefined {
  if (record[key] === undefined || record[key] === null) return undefined;
  return readNumber(record, key, source, { integer: true, min: 0 });
}

function eosIds(record: Record<string, unknown>, source: string | undefined): number[] {
  const value = record.eos_token_id;
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 0)) {
    throw new InvalidConfigError({ path: 'eos_token_id', expected: 'a token id or a list of token ids', received: value, source });
  }
  return list as number[];
}

/** Validates and normalises an HF GPT-2 / Llama `config.json` object. */
export function normalizeDecoderConfig(json: unknown, source?: string): DecoderConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidConfigError({ path: '(root)', expected: 'a JSON object', received: json, source });
  }
  const record = json as Record<string, unknown>;
  const modelType = record.model_type;
  if (!isDecoderModelType(modelType)) {
    throw new InvalidConfigError({ path: 'model_type', expected: `one of ${SUPPORTED.join(', ')}`, received: modelType, source });
  }
  const gpt2 = modelType === 'gpt2';
  const int = (key: string, fallback?: number, min = 1): number => readNumber(record, key, source, { integer: true, min, fallback });
  const hiddenSize = int(gpt2 ? 'n_embd' : 'hidden_size');
  const numAttentionHeads = int(gpt2 ? 'n_head' : 'num_attention_heads');
  const numKeyValueHeads = gpt2 ? numAttentionHeads : int('num_key_value_heads', numAttentionHeads);
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    throw new InvalidConfigError({ path: 'num_key_value_heads', expected: `a divisor of num_attention_heads (${numAttentionHeads})`, received: numKeyValueHeads, source });
  }
  if (gpt2 && hiddenSize % numAttentionHeads !== 0) {
    throw new InvalidConfigError({ path: 'n_head', expected: `a divisor of n_embd (${hiddenSize})`, received: numAttentionHeads, source });
  }
  const defaultHeadDim = Math.floor(hiddenSize / numAttentionHeads);
  const headDim = gpt2 || record.head_dim === undefined || record.head_dim === null ? defaultHeadDim : int('head_dim');
  if (headDim % 2 !== 0 && !gpt2) {
    throw new InvalidConfigError({ path: 'head_dim', expected: 'an even number (RoPE rotates halves)', received: headDim, source });
  }
  const nInner = record.n_inner;
  const intermediateSize = gpt2 ? (nInner === null || nInner === undefined ? 4 * hiddenSize : int('n_inner')) : int('intermediate_size');
  const hiddenAct = record[gpt2 ? 'activation_function' : 'hidden_act'] ?? (gpt2 ? 'gelu_new' : 'silu');
  if (typeof hiddenAct !== 'string') {
    throw new InvalidConfigError({ path: gpt2 ? 'activation_function' : 'hidden_act', expected: 'an activation name', received: hiddenAct, source });
  }
  const ropeScaling = record.rope_scaling;
  if (!gpt2 && ropeScaling !== undefined && ropeScaling !== null) {
    throw new InvalidConfigError({ path: 'rope_scaling', expected: 'null (scaled RoPE is not supported)', received: ropeScaling, source });
  }
  for (const key of ['scale_attn_by_inverse_layer_idx', 'reorder_and_upcast_attn']) {
    if (gpt2 && record[key] === true) throw new InvalidConfigError({ path: key, expected: 'false (not implemented)', received: true, source });
  }
  const number = (key: string, fallback: number): number => readNumber(record, key, source, { fallback, min: 0 });
  return {
    modelType,
    vocabSize: int('vocab_size'),
    hiddenSize,
    numHiddenLayers: int(gpt2 ? 'n_layer' : 'num_hidden_layers', undefined, 0),
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    intermediateSize,
    hiddenAct,
    layerNormEps: number(gpt2 ? 'layer_norm_epsilon' : 'rms_norm_eps', gpt2 ? 1e-5 : 1e-6),
    maxPositionEmbeddings: int(gpt2 ? 'n_positions' : 'max_position_embeddings', gpt2 ? 1024 : 2048),
    ropeTheta: number('rope_theta', 10000),
    tieWordEmbeddings: record.tie_word_embeddings === undefined ? gpt2 : record.tie_word_embeddings === true,
    padTokenId: optionalId(record, 'pad_token_id', source),
    bosTokenId: optionalId(record, 'bos_token_id', source),
    eosTokenIds: eosIds(record, source),
    hiddenDropoutProb: gpt2 ? number('resid_pdrop', 0.1) : 0,
    attentionProbsDropoutProb: number(gpt2 ? 'attn_pdrop' : 'attention_dropout', gpt2 ? 0.1 : 0),
    embeddingDropoutProb: gpt2 ? number('embd_pdrop', 0.1) : 0,
    attentionBias: gpt2 || record.attention_bias === true,
    mlpBias: gpt2 || record.mlp_bias === true,
    initializerRange: number('initializer_range', 0.02),
    raw: { ...record },
  };
}
