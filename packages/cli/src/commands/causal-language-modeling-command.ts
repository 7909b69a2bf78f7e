import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AdapterType, InvalidConfigError, setInitializerSeed, writeFileAtomic } from '@adapters/core';
import { TrainableModelWithHeads, type ModelWithHeads } from '@adapters/auto';
import { createCausalLMCollator, loadLineByLineTextDataset, loadTextBlocksDataset, padTokenIdOf, SequenceStore } from '@adapters/datasets';
import { isDecoder } from '@adapters/models';
import type { TrainResult } from '@adapters/trainer';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, FlagSpecs, ParsedFlags } from '../arguments/flag-spec';
import { ADAPTER_FLAGS } from '../flags/adapter-flags';
import { LANGUAGE_MODELING_FLAGS } from '../flags/language-modeling-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { TRAINING_FLAGS } from '../flags/training-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { evalPrefixed, formatMetrics } from '../setup/format-metrics';
import { evaluateLanguageModeling } from '../setup/language-modeling-evaluation';
import { disposeModel } from '../setup/load-model';
import { startTrainingRun } from '../setup/run-training-command';
import { saveTrainedModel } from '../setup/save-trained-model';
import { setupAdapterTraining } from '../setup/setup-adapter-training';
import { trainableSummary } from '../setup/trainable-summary';
import { shuffledBatches } from '../setup/training-batches';
import { fitAndRecord } from '../setup/fit-and-record';
import { trainerFromFlags, wantsEvaluation } from '../setup/trainer-from-flags';

const { train_data_file, eval_data_file, line_by_line, block_size } = LANGUAGE_MODELING_FLAGS;

const CLM_FLAGS = {
  train_data_file,
  eval_data_file,
  line_by_line,
  block_size: { ...block_size, help: "Tokens per example, special tokens included (default: min(1024, the model's max positions), as run_clm)." },
  validation_split_percentage: {
    type: 'integer',
    default: 5,
    group: 'Data',
    help: 'Without --eval_data_file: the last share (percent) of the training blocks is held out for evaluation, as run_clm.',
  },
  adapter_name: { type: 'string', default: 'clm', valueName: 'NAME', group: 'Adapters', help: 'Name of the trained adapter (its folder under --output_dir).' },
} as const satisfies FlagSpecs;

export const CAUSAL_LANGUAGE_MODELING_COMMAND = {
  name: 'clm',
  summary:
    'Causal language modelling on a text file, as run_clm.py does (block_size chunks, shifted LM loss) on GPT-2 and Llama models. ' +
    'With --train_adapter an adapter (lora, seq_bn, prefix_tuning, ia3, ...) trains on the frozen model and is saved to <output_dir>/<adapter_name>.',
  flags: { ...MODEL_FLAGS, ...CLM_FLAGS, ...TRAINING_FLAGS, ...ADAPTER_FLAGS, adapter_config: { ...ADAPTER_FLAGS.adapter_config, default: 'lora' } },
  examples: [
    'adapters clm --model_name_or_path ../shared/data/models/stories260K-hf --train_data_file ../shared/data/text/tinyshakespeare/input.txt \\',
    '  --train_adapter --adapter_config lora --block_size 128 --do_train --do_eval --learning_rate 5e-3 --max_steps 200 \\',
    '  --output_dir out/clm-lora --overwrite_output_dir',
  ],
} as const satisfies CommandSpec;

export type CausalLanguageModelingArguments = ParsedFlags<typeof CAUSAL_LANGUAGE_MODELING_COMMAND.flags>;

export interface CausalLanguageModelingResult {
  /** `eval_loss` and `eval_perplexity` after training (or of the untouched model with --do_eval alone). */
  readonly metrics: Readonly<Record<string, number>> | undefined;
  /** The held-out metrics before training (with --do_train --do_eval). */
  readonly initialMetrics: Readonly<Record<string, number>> | undefined;
  readonly outputDir: string;
  readonly adapterDir: string | undefined;
  readonly trainResult: TrainResult | undefined;
}

/** The pretrained causal-LM head (`*ForCausalLM` folders give `default`), else a new one-layer head as HF's `lm_head`. */
function ensureCausalLmHead(model: ModelWithHeads, adapterName: string | undefined): string {
  const existing = model.headNames().find((name) => model.getHead(name).headType === 'causal_lm');
  const name = existing ?? adapterName ?? 'clm';
  if (existing === undefined) model.addHead(name, { headType: 'causal_lm', layers: 1, activationFunction: null, layerNorm: false, bias: false });
  for (const other of model.headNames()) if (other !== name) model.deleteHead(other);
  model.activeHead = name;
  return name;
}

/** Rows `[from, to)` of a store. */
function rowsOf(store: SequenceStore, from: number, to: number): SequenceStore {
  return SequenceStore.fromSequences(Array.from({ length: to - from }, (_, index) => store.inputIdsAt(from + index)));
}

/** `adapters clm`: argv or parsed flags; null when `--help` was asked for. */
export async function runCausalLanguageModeling(args: readonly string[] | CausalLanguageModelingArguments, context: CommandContext = {}): Promise<CausalLanguageModelingResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(CAUSAL_LANGUAGE_MODELING_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags, given } = resolved;
  if (flags.doTrain && flags.trainDataFile === undefined) throw new InvalidConfigError({ path: '--train_data_file', expected: 'a text file with --do_train', received: undefined });
  if (flags.validationSplitPercentage < 0 || flags.validationSplitPercentage >= 100) {
    throw new InvalidConfigError({ path: '--validation_split_percentage', expected: 'an integer in [0, 100)', received: flags.validationSplitPercentage });
  }
  const { resumeFrom, model, tokenizer, folder } = await startTrainingRun(flags);
  try {
    if (!isDecoder(model.encoder)) {
      throw new InvalidConfigError({ path: '--model_name_or_path', expected: 'a decoder (model_type gpt2 or llama); use `adapters lm --mlm` for BERT-like models', received: model.encoder.modelType });
    }
    const configGiven = given?.has('adapter_config') ?? true;
    const setup = await setupAdapterTraining(model, flags, flags.adapterName, { adapterType: AdapterType.textTask, configGiven });
    const head = ensureCausalLmHead(model, setup.adapterName);
    const blockSize = flags.blockSize > 0 ? flags.blockSize : Math.min(1024, model.encoder.config.maxPositionEmbeddings);
    const load = async (file: string): Promise<SequenceStore> => {
      const corpus = flags.lineByLine ? await loadLineByLineTextDataset(file, tokenizer, { blockSize }) : await loadTextBlocksDataset(file, tokenizer, { blockSize });
      if (corpus.sequences.size === 0) throw new InvalidConfigError({ path: file, expected: `text that makes at least one block of ${blockSize} tokens`, received: 'no examples' });
      return corpus.sequences;
    };
    let train = flags.doTrain ? await load(flags.trainDataFile as string) : undefined;
    let evalStore: SequenceStore | undefined;
    if (wantsEvaluation(flags)) {
      if (flags.evalDataFile !== undefined) {
        evalStore = await load(flags.evalDataFile);
      } else {
        const source = train ?? (flags.trainDataFile === undefined ? undefined : await load(flags.trainDataFile));
        const held = source === undefined ? 0 : Math.max(1, Math.floor((source.size * flags.validationSplitPercentage) / 100));
        if (source === undefined || flags.validationSplitPercentage === 0 || held >= source.size) {
          throw new InvalidConfigError({ path: '--eval_data_file', expected: 'a text file, or --train_data_file with --validation_split_percentage > 0 and enough blocks', received: flags.evalDataFile });
        }
        evalStore = rowsOf(source, source.size - held, source.size);
        if (train !== undefined) train = rowsOf(train, 0, train.size - held);
      }
    }
    const collator = () => createCausalLMCollator({ padTokenId: padTokenIdOf(tokenizer) });
    const evaluate = evalStore === undefined ? undefined : () => evaluateLanguageModeling(model, evalStore as SequenceStore, { head, batchSize: flags.perDeviceEvalBatchSize, collator });

    let metrics: Record<string, number> | undefined;
    let initialMetrics: Record<string, number> | undefined;
    let trainResult: TrainResult | undefined;
    let adapterDir: string | undefined;
    if (flags.doTrain && train !== undefined) {
      if (evaluate !== undefined) {
        initialMetrics = evalPrefixed(await evaluate());
        print(`causal LM eval before training (${evalStore?.size} blocks): ${formatMetrics(initialMetrics)}`);
      }
      const what = setup.adapterName === undefined ? 'the whole model' : `adapter '${setup.adapterName}' (${flags.adapterConfig})`;
      print(`causal LM: training ${what} on ${train.size} blocks of ${blockSize} tokens, ${trainableSummary(model)}`);
      const trainer = trainerFromFlags(
        new TrainableModelWithHeads(model, { head }),
        flags,
        { trainingData: shuffledBatches(train, tokenizer, { batchSize: flags.perDeviceTrainBatchSize, groupByLength: flags.groupByLength, collatorFor: () => collator() }), evaluate, adapterTraining: flags.trainAdapter },
        context,
      );
      trainResult = await fitAndRecord(trainer, { flags, print, examples: train.size, model, resumeFrom });
      metrics = trainResult.metrics === undefined ? undefined : { ...trainResult.metrics };
      adapterDir = await saveTrainedModel(model, flags.outputDir, setup.adapterName, folder);
    } else if (evaluate !== undefined) {
      metrics = evalPrefixed(await evaluate());
    }
    if (metrics !== undefined) {
      await mkdir(flags.outputDir, { recursive: true });
      await writeFileAtomic(path.join(flags.outputDir, 'eval_results.json'), `${JSON.stringify({ ...metrics, ...(initialMetrics === undefined ? {} : { initial: initialMetrics }) }, null, 2)}\n`);
      print(`causal LM eval (${evalStore?.size} blocks): ${formatMetrics(metrics)}`);
    }
    if (adapterDir !== undefined) print(`adapter '${setup.adapterName}' saved to ${adapterDir}`);
    else if (flags.doTrain) print(`model saved to ${flags.outputDir}`);
    return { metrics, initialMetrics, outputDir: flags.outputDir, adapterDir, trainResult };
  } finally {
    disposeModel(model);
    setInitializerSeed(undefined);
  }
}
