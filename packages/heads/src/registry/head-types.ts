import { BertStyleMaskedLMHead } from '../heads/masked-lm-head';
import { CausalLMHead } from '../heads/causal-lm-head';
import { ClassificationHead } from '../heads/classification-head';
import { MultiLabelClassificationHead } from '../heads/multilabel-classification-head';
import { MultipleChoiceHead } from '../heads/multiple-choice-head';
import { QuestionAnsweringHead } from '../heads/question-answering-head';
import { TaggingHead } from '../heads/tagging-head';

/** The built-in head classes by `head_type` (the Python `head_types` dict of `BertAdapterModel`). */
export const HEAD_TYPES = Object.freeze({
  classification: ClassificationHead,
  multilabel_classification: MultiLabelClassificationHead,
  multiple_choice: MultipleChoiceHead,
  tagging: TaggingHead,
  question_answering: QuestionAnsweringHead,
  masked_lm: BertStyleMaskedLMHead,
  causal_lm: CausalLMHead,
});
