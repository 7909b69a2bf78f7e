// Which flex head a HF `XForY` class corresponds to, and where its head weights go
// (AdapterHub `src/adapters/head_utils.py` `STATIC_TO_FLEX_HEAD_MAP`, for the backbones this library runs).
import type { HeadConfigDict } from '../config/head-config-dict';

export interface StaticHeadMapping {
  /** The head config fields the class implies (the rest are the head's defaults). */
  readonly config: HeadConfigDict;
  /** The static module name at each flex index; null for a module without weights (dropout, activation). */
  readonly layers: ReadonlyArray<string | null>;
  /**
   * The vocabulary bias HF keeps outside the decoder and ties to `decoder.bias` (`cls.predictions.bias`);
   * safetensors files often store only this one.
   */
  readonly decoderBias?: string;
}

const sequenceClassification = (pooler: boolean): StaticHeadMapping => ({
  config: { head_type: 'classification', layers: 1, activation_function: null, use_pooler: pooler },
  layers: [null, 'classifier'],
});

const multipleChoice: StaticHeadMapping = {
  config: { head_type: 'multiple_choice', layers: 1, activation_function: null, use_pooler: true },
  layers: [null, 'classifier'],
};

const tokenClassification: StaticHeadMapping = {
  config: { head_type: 'tagging', layers: 1, activation_function: null },
  layers: [null, 'classifier'],
};

const questionAnswering: StaticHeadMapping = {
  config: { head_type: 'question_answering', layers: 1, activation_function: null },
  layers: [null, 'qa_outputs'],
};

const bertLanguageModel = (headType: 'masked_lm' | 'causal_lm'): StaticHeadMapping => ({
  config: { head_type: headType, layers: 2, activation_function: 'gelu', layer_norm: true, bias: true },
  layers: ['cls.predictions.transform.dense', null, 'cls.predictions.transform.LayerNorm', 'cls.predictions.decoder'],
  decoderBias: 'cls.predictions.bias',
});

const robertaLanguageModel = (headType: 'masked_lm' | 'causal_lm'): StaticHeadMapping => ({
  config: { head_type: headType, layers: 2, activation_function: 'gelu', layer_norm: true, bias: true },
  layers: ['lm_head.dense', null, 'lm_head.layer_norm', 'lm_head.decoder'],
  decoderBias: 'lm_head.bias',
});

// RoBERTa's classifier is its own two-layer module (dense → tanh → out_proj on the first token, no pooler).
const robertaSequenceClassification: StaticHeadMapping = {
  config: { head_type: 'classification', layers: 2, activation_function: 'tanh', use_pooler: false },
  layers: [null, 'classifier.dense', null, null, 'classifier.out_proj'],
};

export const STATIC_TO_FLEX_HEAD_MAP: Readonly<Record<string, StaticHeadMapping>> = Object.freeze({
  BertForSequenceClassification: sequenceClassification(true),
  BertForMultipleChoice: multipleChoice,
  BertForTokenClassification: tokenClassification,
  BertForQuestionAnswering: questionAnswering,
  BertForMaskedLM: bertLanguageModel('masked_lm'),
  BertLMHeadModel: bertLanguageModel('causal_lm'),
  RobertaForSequenceClassification: robertaSequenceClassification,
  RobertaForMultipleChoice: multipleChoice,
  RobertaForTokenClassification: tokenClassification,
  RobertaForQuestionAnswering: questionAnswering,
  RobertaForMaskedLM: robertaLanguageModel('masked_lm'),
  RobertaForCausalLM: robertaLanguageModel('causal_lm'),
  XLMRobertaForSequenceClassification: robertaSequenceClassification,
  XLMRobertaForMultipleChoice: multipleChoice,
  XLMRobertaForTokenClassification: tokenClassification,
  XLMRobertaForQuestionAnswering: questionAnswering,
  XLMRobertaForMaskedLM: robertaLanguageModel('masked_lm'),
  XLMRobertaForCausalLM: robertaLanguageModel('causal_lm'),
});
