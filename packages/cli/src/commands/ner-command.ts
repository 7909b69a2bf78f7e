import { labelListOf, convertTokenClassificationExamples, createTokenClassificationCollator, padTokenIdOf, readConllFile, type ConllSentence } from '@adapters/datasets';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { DATA_FILE_FLAGS } from '../flags/data-file-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { NER_FLAGS } from '../flags/ner-flags';
import { FROZEN_LAYER_FLAGS } from '../flags/frozen-layer-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { loadDataSplit, sharedDataFile } from '../setup/data-files';
import { runTrainingCommand, type TrainingCommandResult } from '../setup/run-training-command';
import { ensureTaskHead } from '../setup/task-head';
import { evaluateTokenClassification } from '../setup/token-classification-evaluation';
import { seededBatches } from '../setup/training-batches';

export const NER_COMMAND = {
  name: 'ner',
  summary:
    'Train and evaluate token classification (NER) on CoNLL-2003 column files, as run_ner.py does. Tags are read as IOB1 and trained as ' +
    'IOB2; a tagging head and (with --train_adapter) a task adapter named --task_name are saved to <output_dir>/<task_name>; dev scores are seqeval entity F1 and token accuracy.',
  flags: { ...MODEL_FLAGS, ...DATA_FILE_FLAGS, ...NER_FLAGS, ...TRAINING_FLAGS, ...FROZEN_LAYER_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters ner --model_name_or_path models/bert-tiny-mlm --do_train --do_eval --train_adapter --adapter_config pfeiffer \\',
    '  --train_file ../shared/data/conll2003/eng.train --validation_file ../shared/data/conll2003/eng.testa \\',
    '  --max_seq_length 128 --per_device_train_batch_size 32 --learning_rate 1e-3 --max_steps 400 --output_dir runs/ner',
    'Defaults: --train_file $ADAPTERS_DATA/conll2003/eng.train, --validation_file $ADAPTERS_DATA/conll2003/eng.testa.',
  ],
} as const satisfies CommandSpec;

export type NerArguments = ParsedFlags<typeof NER_COMMAND.flags>;

/** `adapters ner`: argv or parsed flags; null when `--help` was asked for. */
export async function runNer(args: readonly string[] | NerArguments, context: CommandContext = {}): Promise<TrainingCommandResult | null> {
  const resolved = resolveCommandArguments(NER_COMMAND, args, printerOf(context));
  if (resolved === null) return null;
  const { flags, given } = resolved;
  const read = async (file: string): Promise<readonly ConllSentence[]> => (await readConllFile(file)).sentences;
  const defaults = { train: sharedDataFile('conll2003', 'eng.train'), validation: flags.trainFile === undefined ? sharedDataFile('conll2003', 'eng.testa') : undefined };
  const name = flags.taskName;
  return runTrainingCommand(flags, context, async (tokenizer, flags) => {
    const padTokenId = padTokenIdOf(tokenizer);
    // The label list comes from the training data (the tags the head can predict), as run_ner's get_label_list.
    const train = await loadDataSplit(flags, 'train', read, defaults);
    const labelList = labelListOf(train.examples);
    const featuresOf = (sentences: readonly ConllSentence[], labelAllTokens: boolean) =>
      convertTokenClassificationExamples(sentences, tokenizer, { labelList, maxSeqLength: flags.maxSeqLength, labelAllTokens });
    return {
      name,
      displayName: `NER (${name})`,
      configGiven: given?.has('adapter_config') ?? flags.adapterConfig !== NER_COMMAND.flags.adapter_config.default,
      prepareHead: (model) =>
        ensureTaskHead(model, name, {
          fits: (config) => (JSON.stringify(Object.keys((config.label2id ?? {}) as object).sort()) === JSON.stringify(labelList) ? undefined : `a tagging head with the labels ${labelList.join(', ')}`),
          add: () => model.addTaggingHead(name, { numLabels: labelList.length, id2label: Object.fromEntries(labelList.map((label, id) => [id, label])) }),
        }),
      loadTrain: async () => {
        const features = featuresOf(train.examples, flags.labelAllTokens);
        const collate = createTokenClassificationCollator(features.tokenLabels, { padTokenId });
        const data = seededBatches({ size: features.store.size, lengths: () => features.store.lengths(), collatorFor: () => (indices) => collate(features.store, indices) }, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength });
        return { size: features.store.size, data };
      },
      loadDev: async () => {
        const dev = await loadDataSplit(flags, 'dev', read, defaults);
        // Scored per word, so the dev features label first sub-tokens only, whatever --label_all_tokens says.
        const features = featuresOf(dev.examples, false);
        const gold = dev.examples.map((sentence) => sentence.tags);
        return { size: dev.examples.length, evaluate: (model) => evaluateTokenClassification(model, features, gold, { head: name, batchSize: flags.perDeviceEvalBatchSize, padTokenId }) };
      },
    };
  });
}
