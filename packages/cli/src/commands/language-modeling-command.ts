import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AdapterType, InvalidConfigError, setInitializerSeed, writeFileAtomic, type Tokenizer } from '@adapters/core';
import { TrainableModelWithHeads, type ModelWithHeads } from '@adapters/auto';
import { createMaskedLMCollator, epochSeed, loadLineByLineTextDataset, loadTextBlocksDataset, type SequenceStore } from '@adapters/datasets';
import type { TrainResult } from '@adapters/trainer';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { LANGUAGE_MODELING_FLAGS } from '../flags/language-modeling-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { evalPrefixed, formatMetrics } from '../setup/format-metrics';
import { shuffledBatches } from '../setup/training-batches';
import { evaluateLanguageModeling } from '../setup/language-modeling-evaluation';
import { disposeModel } from '../setup/load-model';
import { fitAndRecord } from '../setup/fit-and-record';
import { startTrainingRun } from '../setup/run-training-command';
import { saveTrainedModel } from '../setup/save-trained-model';
import { trainableSummary } from '../setup/trainable-summary';
import { setupAdapterTraining } from '../setup/setup-adapter-training';
import { trainerFromFlags, wantsEvaluation } from '../setup/trainer-from-flags';

export const LANGUAGE_MODELING_COMMAND = {
  name: 'lm',
  summary:
    'Masked language modelling on a text file, as run_language_modeling.py does. With --train_adapter --language <name> a ' +
    'language adapter (text_lang) named after the language trains on a frozen backbone and is saved to <output_dir>/<language>.',
  flags: { ...MODEL_FLAGS, ...LANGUAGE_MODELING_FLAGS, ...TRAINING_FLAGS, ...ADAPTER_FLAGS },
  examples: [
    'adapters lm --model_name_or_path models/bert-tiny-mlm --train_data_file ../shared/data/text/wikitext-2/valid.txt \\',
    '  --eval_data_file ../shared/data/text/wikitext-2/test.txt --mlm --language en --train_adapter --adapter_config pfeiffer+inv \\',
    '  --do_train --do_eval --learning_rate 1e-4 --num_train_epochs 1 --output_dir out/lm-en --overwrite_output_dir',
  ],
} as const satisfies CommandSpec;

export type LanguageModelingArguments = ParsedFlags<typeof LANGUAGE_MODELING_COMMAND.flags>;

export interface LanguageModelingResult {
  /** `eval_loss` and `eval_perplexity`; undefined without --do_eval. */
  readonly metrics: Readonly<Record<string, number>> | undefined;
  readonly outputDir: string;
  /** The language adapter's folder; undefined for full fine-tuning or no training. */
  readonly adapterDir: string | undefined;
  readonly trainResult: TrainResult | undefined;
}

/** `adapters lm`: argv or parsed flags; null when `--help` was asked for. */
export async function runLanguageModeling(args: readonly string[] | LanguageModelingArguments, context: CommandContext = {}): Promise<LanguageModelingResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(LANGUAGE_MODELING_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags, given } = resolved;
  checkFlags(flags);
  const { resumeFrom, model, tokenizer, folder } = await startTrainingRun(flags, context);
  try {
    const language = flags.language;
    // Parsed flags do not say what was typed: a non-default config counts as given.
    const configGiven = given?.has('adapter_config') ?? flags.adapterConfig !== LANGUAGE_MODELING_COMMAND.flags.adapter_config.default;
    const setup = flags.trainAdapter
      ? await setupAdapterTraining(model, flags, language as string, { adapterType: AdapterType.textLang, configGiven })
      : { adapterName: undefined, languageAdapter: undefined };
    const head = ensureMaskedLmHead(model, setup.adapterName);
    const blockSize = flags.blockSize > 0 ? flags.blockSize : model.encoder.config.maxPositionEmbeddings;
    const maskedLm = (seed: number) =>
      createMaskedLMCollator(tokenizer, { seed, probability: flags.mlmProbability, wholeWordMasking: flags.wholeWordMask });
    const evalStore = wantsEvaluation(flags) ? await loadCorpus(flags.evalDataFile as string, tokenizer, blockSize, flags.lineByLine) : undefined;
    const evaluate =
      evalStore === undefined
        ? undefined
        : () => evaluateLanguageModeling(model, evalStore, { head, batchSize: flags.perDeviceEvalBatchSize, collator: () => maskedLm(flags.seed) });

    let metrics: Record<string, number> | undefined;
    let trainResult: TrainResult | undefined;
    let adapterDir: string | undefined;
    if (flags.doTrain) {
      const train = await loadCorpus(flags.trainDataFile as string, tokenizer, blockSize, flags.lineByLine);
      const what = setup.adapterName === undefined ? 'the whole model' : `language adapter '${setup.adapterName}' (${flags.adapterConfig})`;
      print(`masked LM: training ${what} on ${train.size} examples of up to ${blockSize} tokens, ${trainableSummary(model)}`);
      const trainer = trainerFromFlags(
        new TrainableModelWithHeads(model, { head }),
        flags,
        {
          // One masking PRNG per epoch, seeded by (seed, epoch): a resumed run masks exactly like an uninterrupted one.
          trainingData: shuffledBatches(train, tokenizer, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength, collatorFor: (epoch, seed) => maskedLm(epochSeed(seed, epoch)) }),
          evaluate,
          adapterTraining: flags.trainAdapter,
        },
        context,
      );
      trainResult = await fitAndRecord(trainer, { flags, print, examples: train.size, model, resumeFrom });
      metrics = trainResult.metrics === undefined ? undefined : { ...trainResult.metrics };
      adapterDir = await saveTrainedModel(model, flags.outputDir, setup.adapterName, folder);
    } else if (evaluate !== undefined) {
      metrics = evalPrefixed(await evaluate());
      await mkdir(flags.outputDir, { recursive: true });
      await writeFileAtomic(path.join(flags.outputDir, 'eval_results.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    }
    if (metrics !== undefined) print(`masked LM eval (${evalStore?.size} examples): ${formatMetrics(metrics)}`);
    if (adapterDir !== undefined) print(`language adapter '${setup.adapterName}' saved to ${adapterDir}`);
    else if (flags.doTrain) print(`model saved to ${flags.outputDir}`);
    return { metrics, outputDir: flags.outputDir, adapterDir, trainResult };
  } finally {
    disposeModel(model);
    setInitializerSeed(undefined);
  }
}

function checkFlags(flags: LanguageModelingArguments): void {
  if (!flags.mlm) {
    throw new InvalidConfigError({ path: '--mlm', expected: 'the flag: BERT-like models have masked-LM heads, not causal ones, so they must run with --mlm', received: false });
  }
  if (!flags.doTrain && !flags.doEval) throw new InvalidConfigError({ path: '--do_train', expected: 'something to do: --do_train and/or --do_eval', received: false });
  if (flags.doTrain && flags.trainDataFile === undefined) throw new InvalidConfigError({ path: '--train_data_file', expected: 'a text file with --do_train', received: undefined });
  if (wantsEvaluation(flags) && flags.evalDataFile === undefined) {
    throw new InvalidConfigError({ path: '--eval_data_file', expected: 'a text file to evaluate on (--do_eval, an evaluation strategy or early stopping asks for one)', received: undefined });
  }
  if (flags.trainAdapter && (flags.language === undefined || flags.language === '')) {
    throw new InvalidConfigError({ path: '--language', expected: 'a language name with --train_adapter: the language adapter is named after it', received: flags.language });
  }
}

/**
 * The masked-LM head: the pretrained one of the checkpoint when there is one (a BertForMaskedLM folder gives
 * `default`), else a new head named after the adapter (saved with it) or `mlm`.
 */
function ensureMaskedLmHead(model: ModelWithHeads, adapterName: string | undefined): string {
  const existing = model.headNames().find((name) => model.getHead(name).headType === 'masked_lm');
  const name = existing ?? adapterName ?? 'mlm';
  if (existing === undefined) model.addMaskedLmHead(name);
  for (const other of model.headNames()) if (other !== name) model.deleteHead(other);
  model.activeHead = name;
  return name;
}

async function loadCorpus(file: string, tokenizer: Tokenizer, blockSize: number, lineByLine: boolean): Promise<SequenceStore> {
  const corpus = lineByLine ? await loadLineByLineTextDataset(file, tokenizer, { blockSize }) : await loadTextBlocksDataset(file, tokenizer, { blockSize });
  if (corpus.sequences.size === 0) {
    throw new InvalidConfigError({ path: file, expected: `text that makes at least one example of ${blockSize} tokens (try --line_by_line or a smaller --block_size)`, received: 'no examples' });
  }
  return corpus.sequences;
}
