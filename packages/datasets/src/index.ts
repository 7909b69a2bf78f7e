/** Package version, for diagnostics. */
export const VERSION = '0.0.0';

export { REPO_ROOT, dataRoot, glueDataRoot } from './data-root';

// GLUE tasks: specs, reading, features, cache.
export { GLUE_TASKS } from './glue/glue-task';
export type { GlueOutputMode, GlueSplit, GlueSplitLayout, GlueTask, GlueTaskName } from './glue/glue-task';
export { GLUE_TASK_NAMES, getGlueTask, normalizeTaskKey } from './glue/resolve-glue-task';
export { readGlueExamples, resolveGlueSplitFile, splitLayout } from './glue/read-glue-examples';
export type { GlueExample, GlueExamples, ReadGlueOptions, SkippedRow } from './glue/read-glue-examples';
export { convertGlueExamplesToFeatures } from './glue/convert-glue-examples';
export type { GlueFeatureOptions } from './glue/convert-glue-examples';
export { loadGlueFeatures } from './glue/load-glue-features';
export type { GlueFeatures, LoadGlueFeaturesOptions } from './glue/load-glue-features';
export { tokenizerFingerprint } from './glue/tokenizer-fingerprint';

// Token classification (NER): CoNLL files, sub-token label alignment.
export { readConllFile } from './token-classification/read-conll-file';
export type { ConllDataset, ConllSentence, ReadConllOptions } from './token-classification/read-conll-file';
export { iob1ToIob2, insideTag, labelListOf } from './token-classification/iob-tags';
export { convertTokenClassificationExamples, specialId } from './token-classification/token-classification-features';
export type { TokenClassificationFeatureOptions, TokenClassificationFeatures } from './token-classification/token-classification-features';
export { createTokenClassificationCollator } from './token-classification/token-classification-collator';

// Extractive QA: SQuAD files, sliding windows, post-processing.
export { readSquadFile } from './question-answering/read-squad-file';
export type { SquadAnswer, SquadDataset, SquadExample } from './question-answering/read-squad-file';
export { convertQuestionAnsweringExamples } from './question-answering/question-answering-features';
export type { QuestionAnsweringFeatureOptions, QuestionAnsweringFeatures } from './question-answering/question-answering-features';
export { createQuestionAnsweringCollator } from './question-answering/question-answering-collator';
export { postprocessQuestionAnsweringPredictions } from './question-answering/postprocess-predictions';
export type { AnswerPrediction, PostprocessOptions } from './question-answering/postprocess-predictions';

// Multiple choice: SWAG and CommonsenseQA.
export { readMultipleChoiceFile } from './multiple-choice/read-multiple-choice-file';
export type { MultipleChoiceFormat, ReadMultipleChoiceOptions } from './multiple-choice/read-multiple-choice-file';
export type { MultipleChoiceDataset, MultipleChoiceExample } from './multiple-choice/multiple-choice-example';
export { collateMultipleChoice, convertMultipleChoiceExamples, multipleChoiceLengths } from './multiple-choice/multiple-choice-features';
export type { MultipleChoiceFeatures } from './multiple-choice/multiple-choice-features';
export { parseCsvRecord } from './multiple-choice/parse-csv-line';
export { splitEveryNth } from './splitting/split-every-nth';

// Metrics.
export { accuracy, accuracyAndF1, f1Score, matthewsCorrelation } from './metrics/classification-metrics';
export { averageRanks, pearsonAndSpearman, pearsonCorrelation, spearmanCorrelation } from './metrics/correlation-metrics';
export { glueComputeMetrics } from './metrics/glue-metrics';
export type { GlueMetrics } from './metrics/glue-metrics';
export { argmaxRows } from './metrics/argmax-rows';
export { entityScores, getEntities, tokenAccuracy } from './metrics/seqeval-metrics';
export type { Entity, EntityScores } from './metrics/seqeval-metrics';
export { answerF1Score, exactMatchScore, normalizeAnswer, squadEvaluate } from './metrics/squad-metrics';
export type { SquadReference } from './metrics/squad-metrics';

// Language-modelling corpora.
export { loadLineByLineTextDataset, streamLineByLineText } from './language-modeling/line-by-line-text-dataset';
export type { LineByLineTextDataset, TokenizedLine } from './language-modeling/line-by-line-text-dataset';
export { loadTextBlocksDataset, streamTextBlocks } from './language-modeling/text-blocks-dataset';
export type { TextBlocksDataset } from './language-modeling/text-blocks-dataset';
export type { LanguageModelingOptions } from './language-modeling/language-modeling-options';
export { singleSequenceTemplate } from './language-modeling/special-token-template';
export type { SpecialTokenTemplate } from './language-modeling/special-token-template';

// Sequences, collators and batching.
export { SequenceStore, SequenceStoreBuilder } from './sequences/sequence-store';
export type { LabelArray, LabelType, SequenceStoreParts } from './sequences/sequence-store';
export { readSequenceStoreFile, writeSequenceStoreFile } from './sequences/sequence-store-file';
export { IGNORE_INDEX } from './collators/batch';
export type { Batch, Collator } from './collators/batch';
export { padSequences } from './collators/pad-sequences';
export type { PaddingOptions } from './collators/pad-sequences';
export { createPaddingCollator, padTokenIdOf } from './collators/padding-collator';
export { createMaskedLMCollator } from './collators/masked-lm-collator';
export type { MaskedLMOptions } from './collators/masked-lm-collator';
export { roundHalfToEven, wholeWordMaskPositions } from './collators/whole-word-mask';
export type { WholeWordMaskOptions } from './collators/whole-word-mask';
export { createCausalLMCollator } from './collators/causal-lm-collator';
export { batchIndices } from './batching/batch-indices';
export type { BatchingOptions } from './batching/batch-indices';
export { countBatches, iterateBatches } from './batching/iterate-batches';

// Utilities.
export { SeededRandom, epochSeed } from './random/seeded-random';
export { DEFAULT_MAX_LINE_LENGTH, readLineBatches, readLines } from './io/read-lines';
export type { LineBatch, NumberedLine, ReadLinesOptions } from './io/read-lines';
export { readTextChunks } from './io/read-text-chunks';
export type { ReadTextOptions, TextChunk } from './io/read-text-chunks';
export { writeFileAtomic } from './io/write-file-atomic';
