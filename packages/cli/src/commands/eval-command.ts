import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@adapters/core';
import { padTokenIdOf } from '@adapters/datasets';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, FlagSpecs, ParsedFlags } from '../arguments/flag-spec';
import { GLUE_DATA_FLAGS } from '../flags/glue-data-flags';
import { INFERENCE_FLAGS } from '../flags/inference-flags';
import { MODEL_FLAGS } from '../flags/model-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { clampMaxSeqLength, longestModelInput } from '../setup/max-seq-length';
import { ensureBackend } from '../setup/ensure-backend';
import { evalPrefixed, formatMetrics } from '../setup/format-metrics';
import { glueTaskFromFlag, loadGlueSplit } from '../setup/glue-data';
import { evaluateGlue } from '../setup/glue-evaluation';
import { loadInferenceSetup } from '../setup/inference-setup';
import { disposeModel, loadModel } from '../setup/load-model';

const EVAL_ONLY_FLAGS = {
  split: { type: 'string', default: 'dev', choices: ['dev', 'train'], group: 'Data', help: 'Split to evaluate on.' },
  per_device_eval_batch_size: { type: 'integer', default: 32, min: 1, aliases: ['per_gpu_eval_batch_size'], group: 'Data', help: 'Evaluation batch size.' },
  output_dir: { type: 'string', valueName: 'DIR', group: 'Data', help: 'Write eval_results.json here.' },
} as const satisfies FlagSpecs;

export const EVAL_COMMAND = {
  name: 'eval',
  summary: 'Evaluate a saved adapter (with its head), a fusion or a fine-tuned model on a GLUE split and print its metrics.',
  flags: { ...MODEL_FLAGS, ...INFERENCE_FLAGS, ...GLUE_DATA_FLAGS, ...EVAL_ONLY_FLAGS },
  examples: ['adapters eval --model_name_or_path models/bert-tiny-mlm --load_adapter out/sst-2/sst-2 --task_name sst-2 --data_dir data/glue/SST-2'],
} as const satisfies CommandSpec;

export type EvalArguments = ParsedFlags<typeof EVAL_COMMAND.flags>;

export interface EvalResult {
  readonly task: string;
  /** `eval_`-prefixed, as in eval_results.json. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly examples: number;
}

/** `adapters eval`: argv or parsed flags; null when `--help` was asked for. */
export async function runEval(args: readonly string[] | EvalArguments, context: CommandContext = {}): Promise<EvalResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(EVAL_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags } = resolved;
  const task = glueTaskFromFlag(flags.taskName);
  await ensureBackend(flags.backend, print);
  const { model, tokenizer } = await loadModel(flags);
  try {
    const setup = await loadInferenceSetup(model, flags, task.name);
    const dataFlags = clampMaxSeqLength(flags, longestModelInput(model.encoder.config), print);
    const store = await loadGlueSplit(task, flags.split as 'dev' | 'train', tokenizer, dataFlags);
    const metrics = evalPrefixed(await evaluateGlue(model, task, store, { head: setup.head, batchSize: flags.perDeviceEvalBatchSize, padTokenId: padTokenIdOf(tokenizer), padTo: flags.padToMaxLength ? dataFlags.maxSeqLength : undefined }));
    print(`${task.displayName} ${flags.split} (${store.size} examples) with ${setup.description}, head '${setup.head}': ${formatMetrics(metrics)}`);
    if (flags.outputDir !== undefined) {
      await mkdir(flags.outputDir, { recursive: true });
      const file = path.join(flags.outputDir, 'eval_results.json');
      await writeFileAtomic(file, `${JSON.stringify(metrics, null, 2)}\n`);
      print(`wrote ${file}`);
    }
    return { task: task.name, metrics, examples: store.size };
  } finally {
    disposeModel(model);
  }
}
