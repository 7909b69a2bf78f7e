import { InvalidConfigError } from '@adapters/core';
import { predict, type Prediction } from '@adapters/auto';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, FlagSpecs, ParsedFlags } from '../arguments/flag-spec';
import { INFERENCE_FLAGS } from '../flags/inference-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { clampMaxSeqLength, longestModelInput } from '../setup/max-seq-length';
import { ensureBackend } from '../setup/ensure-backend';
import { loadInferenceSetup } from '../setup/inference-setup';
import { disposeModel, loadModel } from '../setup/load-model';

const PREDICT_ONLY_FLAGS = {
  max_seq_length: { type: 'integer', default: 128, min: 1, group: 'Input', help: 'Longest input in tokens; longer sentences are truncated.' },
  label_names: { type: 'string', valueName: 'A,B,...', group: 'Input', help: "Names to show for class ids 0, 1, ... (e.g. 'negative,positive' for SST-2)." },
  pair_separator: { type: 'string', valueName: 'TEXT', group: 'Input', help: "Split each sentence into a pair at this text (e.g. ' ||| ' for RTE)." },
} as const satisfies FlagSpecs;

export const PREDICT_COMMAND = {
  name: 'predict',
  summary: 'Classify sentences with a saved adapter and its head; prints the label and its probability per sentence.',
  flags: { ...MODEL_FLAGS, ...INFERENCE_FLAGS, ...PREDICT_ONLY_FLAGS },
  positionals: [{ name: 'sentences', help: 'The sentences to classify (quote each one).', variadic: true, required: true }],
  examples: ['adapters predict --model_name_or_path models/bert-tiny-mlm --load_adapter out/sst-2/sst-2 "a gorgeous, witty film" "dull and lifeless"'],
} as const satisfies CommandSpec;

export type PredictArguments = ParsedFlags<typeof PREDICT_COMMAND.flags> & { readonly sentences: readonly string[] };

export interface SentencePrediction extends Prediction {
  readonly sentence: string;
}

/** `adapters predict`: argv or parsed flags with `sentences`; null when `--help` was asked for. */
export async function runPredict(args: readonly string[] | PredictArguments, context: CommandContext = {}): Promise<SentencePrediction[] | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(PREDICT_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags } = resolved;
  const sentences = Array.isArray(args) ? resolved.positionals : (args as PredictArguments).sentences;
  if (sentences.length === 0) throw new InvalidConfigError({ path: 'sentences', expected: 'at least one sentence to classify', received: [] });
  const labelNames = flags.labelNames?.split(',').map((name) => name.trim());
  await ensureBackend(flags.backend, print);
  const { model } = await loadModel(flags);
  try {
    const setup = await loadInferenceSetup(model, flags);
    const inputs = sentences.map((sentence): string | [string, string] => {
      if (flags.pairSeparator === undefined || !sentence.includes(flags.pairSeparator)) return sentence;
      const at = sentence.indexOf(flags.pairSeparator);
      return [sentence.slice(0, at), sentence.slice(at + flags.pairSeparator.length)];
    });
    const { maxSeqLength } = clampMaxSeqLength(flags, longestModelInput(model.encoder.config), print);
    const predictions = await predict(model, inputs, { head: setup.head, maxLength: maxSeqLength });
    const results = predictions.map((prediction, index) => {
      const label = prediction.label === undefined ? undefined : (labelNames?.[Number(prediction.label)] ?? prediction.label);
      return { ...prediction, label, sentence: sentences[index] as string };
    });
    for (const result of results) {
      const shown = result.label === undefined ? `score ${result.score.toFixed(4)}` : `${result.label} (${result.score.toFixed(4)})`;
      print(`${shown}\t${result.sentence}`);
    }
    return results;
  } finally {
    disposeModel(model);
  }
}
