/** One multiple-choice question: a context and its candidate endings, each scored as `[CLS] context [SEP] ending [SEP]`. */
export interface MultipleChoiceExample {
  readonly id: string;
  readonly context: string;
  /** What each choice completes the context with (SWAG: `sent2 + ' ' + ending_i`; CommonsenseQA: the answer text). */
  readonly endings: readonly string[];
  /** Index of the right ending; undefined for unlabelled data. */
  readonly label: number | undefined;
  /** 1-based line in the source file. */
  readonly line: number;
}

export interface MultipleChoiceDataset {
  readonly file: string;
  readonly format: 'swag' | 'commonsense_qa';
  readonly examples: readonly MultipleChoiceExample[];
  /** Choices per example (the same for every example of a file). */
  readonly numChoices: number;
}
