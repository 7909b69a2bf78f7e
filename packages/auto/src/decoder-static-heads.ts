import type { DecoderConfig } from '@adapters/models';

/** A flex head converted from an HF decoder task model, and where its weights are in the model file. */
export interface DecoderStaticHead {
  readonly headConfig: Readonly<Record<string, unknown>>;
  /** File key → head parameter name (relative to `heads.<name>.`); empty when the head is tied. */
  readonly weights: ReadonlyMap<string, string>;
}

const CAUSAL_LM = new Set(['GPT2LMHeadModel', 'LlamaForCausalLM']);
const SEQUENCE_CLASSIFICATION = new Set(['GPT2ForSequenceClassification', 'LlamaForSequenceClassification']);

/**
 * The library's `head_utils` conversion of decoder task models: `*LMHeadModel` / `*ForCausalLM` become a
 * `causal_lm` head with one bias-free Linear (`lm_head.weight` → `0.weight`, or tied to the input embeddings
 * when `tie_word_embeddings`), `*ForSequenceClassification` a one-layer bias-free classification head
 * (`score.weight` → `1.weight`) on the last non-pad token.
 */
export function decoderStaticHead(architecture: string, config: DecoderConfig, unusedKeys: readonly string[]): DecoderStaticHead | undefined {
  if (CAUSAL_LM.has(architecture)) {
    const weights = new Map<string, string>();
    if (!config.tieWordEmbeddings && unusedKeys.includes('lm_head.weight')) weights.set('lm_head.weight', '0.weight');
    return {
      headConfig: { headType: 'causal_lm', layers: 1, activationFunction: null, layerNorm: false, bias: false, shiftLabels: true },
      weights,
    };
  }
  if (SEQUENCE_CLASSIFICATION.has(architecture) && unusedKeys.includes('score.weight')) {
    const numLabels = typeof config.raw.num_labels === 'number' ? config.raw.num_labels : undefined;
    return {
      headConfig: { headType: 'classification', numLabels, layers: 1, activationFunction: null, bias: false, dropoutProb: 0, dropoutProbInteger: true },
      weights: new Map([['score.weight', '1.weight']]),
    };
  }
  return undefined;
}
