/** Package version, for diagnostics. */
export const VERSION = '0.0.0';

// Argument parsing shared by the bin and the example scripts.
export type { CamelCase, CommandSpec, FlagSpec, FlagSpecs, FlagType, ParsedFlags, PositionalSpec } from './arguments/flag-spec';
export { camelCase, normalizeFlagName } from './arguments/flag-spec';
export { parseCommandLine, type ParsedCommandLine } from './arguments/parse-command-line';
export { resolveCommandArguments, type CommandArguments } from './arguments/command-arguments';
export { formatHelp } from './arguments/format-help';
export { UnknownFlagError } from './arguments/unknown-flag-error';

// Flag groups, for scripts that declare their own commands.
export { ADAPTER_FLAGS } from './flags/adapter-flags';
export { FUSION_FLAGS } from './flags/fusion-flags';
export { GLUE_DATA_FLAGS } from './flags/glue-data-flags';
export { SEQUENCE_FLAGS } from './flags/sequence-flags';
export { DATA_FILE_FLAGS } from './flags/data-file-flags';
export { NER_FLAGS } from './flags/ner-flags';
export { QUESTION_ANSWERING_FLAGS } from './flags/question-answering-flags';
export { MULTIPLE_CHOICE_FLAGS } from './flags/multiple-choice-flags';
export { INFERENCE_FLAGS } from './flags/inference-flags';
export { LANGUAGE_MODELING_FLAGS } from './flags/language-modeling-flags';
export { MODEL_FLAGS } from './flags/model-flags';
export { TRAINING_FLAGS } from './flags/training-flags';

// Commands.
export { GLUE_COMMAND, runGlue, type GlueArguments, type GlueResult } from './commands/glue-command';
export { LANGUAGE_MODELING_COMMAND, runLanguageModeling, type LanguageModelingArguments, type LanguageModelingResult } from './commands/language-modeling-command';
export { FUSION_GLUE_COMMAND, fusionConfigFromFlags, runFusionGlue, type FusionGlueArguments, type FusionGlueResult } from './commands/fusion-glue-command';
export { NER_COMMAND, runNer, type NerArguments } from './commands/ner-command';
export { QUESTION_ANSWERING_COMMAND, runQuestionAnswering, type QuestionAnsweringArguments } from './commands/question-answering-command';
export { MULTIPLE_CHOICE_COMMAND, runMultipleChoice, type MultipleChoiceArguments } from './commands/multiple-choice-command';
export { EVAL_COMMAND, runEval, type EvalArguments, type EvalResult } from './commands/eval-command';
export { PREDICT_COMMAND, runPredict, type PredictArguments, type SentencePrediction } from './commands/predict-command';
export { INFO_COMMAND, runInfo } from './commands/info-command';
export { CLI_COMMANDS, formatCommandList, runCli, type CliContext } from './commands/run-cli';

// The building blocks the commands are made of.
export type { CommandContext } from './setup/command-context';
export { checkAdapterFlags, loadConfigFromFlags, setupAdapterTraining, type AdapterFlags, type AdapterSetup } from './setup/setup-adapter-training';
export { checkOutputDir } from './setup/prepare-output-dir';
export { disposeModel, loadModel, type LoadedModel, type ModelFlags } from './setup/load-model';
export { ensureBackend } from './setup/ensure-backend';
export { evaluateGlue, type GlueEvaluationOptions } from './setup/glue-evaluation';
export { evaluateLanguageModeling } from './setup/language-modeling-evaluation';
export { ensureGlueHead } from './setup/glue-head';
export { glueTaskFromFlag, loadGlueSplit, type GlueDataFlags } from './setup/glue-data';
export { seededBatches, shuffledBatches, withLabelShape, type BatchableRows } from './setup/training-batches';
export { PREDICTIONS_FILE, runTrainingCommand, type TaskEvaluation, type TrainingCommandFlags, type TrainingCommandResult, type TrainingTask } from './setup/run-training-command';
export { ensureTaskHead } from './setup/task-head';
export { loadDataSplit, sharedDataFile, type DataFileFlags } from './setup/data-files';
export { evaluationPass } from './setup/evaluation-pass';
export { evaluateTokenClassification } from './setup/token-classification-evaluation';
export { evaluateQuestionAnswering } from './setup/question-answering-evaluation';
export { evaluateMultipleChoice } from './setup/multiple-choice-evaluation';
export { trainableSummary } from './setup/trainable-summary';
export { loadInferenceSetup, type InferenceFlags, type InferenceSetup } from './setup/inference-setup';
export { evaluationSchedule, fitWithFlags, resumeFromFlag, trainerFromFlags, wantsEvaluation, type TrainingFlagValues } from './setup/trainer-from-flags';
export { saveFullModel } from './setup/save-trained-model';
export { evalPrefixed, formatMetrics } from './setup/format-metrics';
export { describeFolder, formatFolderDescription, type FolderDescription, type FolderPart } from './info/describe-folder';
