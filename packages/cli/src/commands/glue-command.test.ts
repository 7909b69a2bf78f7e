import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_CANDIDATES, InvalidConfigError } from '@adapters/core';
import { capturePrint, removeTemporaryFolders, saveGlueSlice, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runEval } from './eval-command';
import { runGlue, type GlueResult } from './glue-command';
import { runInfo } from './info-command';
import { runPredict } from './predict-command';

useWasmBackend();

let modelDir: string;
let dataDir: string;
let outputDir: string;
let result: GlueResult;
let printed: string[];
let tensorsLeftByTraining: number;

/** The seed's run_glue command line, on the tiny model and a 64-row RTE slice. */
function glueArgs(output: string, extra: string[] = []): string[] {
  return [
    '--model_name_or_path', modelDir,
    '--task_name', 'rte',
    '--do_train', '--do_eval',
    '--data_dir', dataDir,
    '--max_seq_length', '64',
    '--per_device_train_batch_size', '16',
    '--learning_rate', '1e-3',
    '--num_train_epochs', '1',
    '--output_dir', output,
    '--train_adapter', '--adapter_config', 'pfeiffer',
    '--disable_tqdm',
    ...extra,
  ];
}

beforeAll(async () => {
  const root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 64, ['train', 'dev', 'test']);
  outputDir = path.join(root, 'out');
  const before = tf.memory().numTensors;
  const capture = capturePrint();
  result = (await runGlue(glueArgs(outputDir), { print: capture.print })) as GlueResult;
  printed = capture.lines;
  tensorsLeftByTraining = tf.memory().numTensors - before;
});

afterAll(removeTemporaryFolders);

describe('runGlue', () => {
  it('trains a task adapter named after the task and writes eval_results.json, the adapter with its head and the run files', async () => {
    expect(tensorsLeftByTraining).toBe(0);
    expect(result.task).toBe('rte');
    expect(result.trainResult?.globalStep).toBe(4);
    expect(Object.keys(result.metrics ?? {}).sort()).toEqual(['eval_accuracy', 'eval_loss']);
    const evalResults = JSON.parse(await readFile(path.join(outputDir, 'eval_results.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(evalResults).sort()).toEqual(['epoch', 'eval_accuracy', 'eval_loss', 'eval_samples']);
    expect(evalResults.eval_samples).toBe(64);
    expect(evalResults.eval_accuracy).toBe(result.metrics?.eval_accuracy);

    expect(result.adapterDir).toBe(path.join(outputDir, 'rte'));
    for (const file of ['adapter_config.json', 'adapter.safetensors', 'head_config.json', 'model_head.safetensors']) {
      expect(existsSync(path.join(outputDir, 'rte', file)), file).toBe(true);
    }
    for (const file of ['trainer_state.json', 'log.jsonl', 'loss-curve.svg', 'checkpoint-4/rte/adapter.safetensors', 'checkpoint-4/optimizer.safetensors']) {
      expect(existsSync(path.join(outputDir, file)), file).toBe(true);
    }
    const adapterConfig = JSON.parse(await readFile(path.join(outputDir, 'rte/adapter_config.json'), 'utf8')) as { name: string; config: Record<string, unknown> };
    expect(adapterConfig.name).toBe('rte');
    expect(adapterConfig.config).toMatchObject({ reduction_factor: 16, non_linearity: 'relu', output_adapter: true, mh_adapter: false });
    const headConfig = JSON.parse(await readFile(path.join(outputDir, 'rte/head_config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(headConfig.config).toMatchObject({ head_type: 'classification', num_labels: 2, label2id: { entailment: 0, not_entailment: 1 } });

    expect(printed.find((line) => line.startsWith('RTE: training'))).toMatch(/^RTE: training adapter 'rte' \(pfeiffer\) on 64 examples/);
    expect(printed).toContain(`adapter 'rte' with its head saved to ${path.join(outputDir, 'rte')}`);
    expect(printed.some((line) => line.startsWith('RTE dev (64 examples): loss '))).toBe(true);
  });

  it("keeps HF's run records: training_args.json, train/eval/all_results.json and the Running training banner", async () => {
    const trainingArgs = JSON.parse(await readFile(path.join(outputDir, 'training_args.json'), 'utf8')) as Record<string, unknown>;
    expect(trainingArgs).toMatchObject({ task_name: 'rte', learning_rate: 1e-3, per_device_train_batch_size: 16, num_train_epochs: 1, train_adapter: true, output_dir: outputDir, run_name: outputDir });
    const trainResults = JSON.parse(await readFile(path.join(outputDir, 'train_results.json'), 'utf8')) as Record<string, number>;
    expect(trainResults).toMatchObject({ epoch: 1, train_samples: 64, train_loss: result.trainResult?.trainingLoss });
    for (const key of ['train_runtime', 'train_samples_per_second', 'train_steps_per_second']) expect(trainResults[key], key).toBeGreaterThan(0);
    const allResults = JSON.parse(await readFile(path.join(outputDir, 'all_results.json'), 'utf8')) as Record<string, number>;
    expect(allResults).toMatchObject({ train_samples: 64, eval_samples: 64, eval_accuracy: result.metrics?.eval_accuracy });
    const banner = printed.indexOf('***** Running training *****');
    expect(printed.slice(banner, banner + 8)).toEqual([
      '***** Running training *****',
      '  Num examples = 64',
      '  Num Epochs = 1',
      '  Instantaneous batch size per device = 16',
      '  Total train batch size (w. accumulation) = 16',
      '  Gradient Accumulation steps = 1',
      '  Total optimization steps = 4',
      '  Number of trainable parameters = 1,446', // adapter 324 + head (32·32+32) + (32·2+2)
    ]);
  });

  it('--do_predict writes predict_results_<task>.txt; HF logging flags work, the no-effect ones say so', async () => {
    const root = await temporaryFolder();
    const run = path.join(root, 'predict');
    const capture = capturePrint();
    const flags = ['--max_steps', '2', '--do_predict', '--max_predict_samples', '20', '--logging_first_step', '--run_name', 'tiny-rte', '--logging_dir', path.join(root, 'logs'), '--fp16', '--report_to', 'none'];
    await runGlue(glueArgs(run, flags), { print: capture.print });
    const lines = (await readFile(path.join(run, 'predict_results_rte.txt'), 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('index\tprediction');
    expect(lines).toHaveLength(21);
    for (const [index, line] of lines.slice(1).entries()) expect(line).toMatch(new RegExp(`^${index}\t(entailment|not_entailment)$`));
    expect(capture.lines).toContain('note: --fp16 has no effect here (tfjs trains in float32 on every backend)');
    expect(capture.lines.some((line) => line.startsWith('note: --report_to has no effect here'))).toBe(true);
    expect(capture.lines).toContain('run: tiny-rte');
    const log = (await readFile(path.join(root, 'logs', 'log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { step: number; loss?: number });
    expect(log.find((entry) => entry.loss !== undefined)?.step).toBe(1);
    expect(JSON.parse(await readFile(path.join(run, 'training_args.json'), 'utf8'))).toMatchObject({ run_name: 'tiny-rte', fp16: true, logging_first_step: true });
  });

  it('checks flags before loading anything, naming the flag; lowers --max_seq_length to what the model takes', async () => {
    const missing = path.join(await temporaryFolder(), 'no-model');
    const fresh = (extra: string[]) => ['--model_name_or_path', missing, '--task_name', 'rte', '--do_train', '--output_dir', path.join(missing, 'out'), ...extra];
    await expect(runGlue(fresh(['--max_seq_length', '0']))).rejects.toMatchObject({ path: '--max_seq_length', received: 0 });
    await expect(runGlue(fresh(['--per_device_train_batch_size', '-1']))).rejects.toMatchObject({ path: '--per_device_train_batch_size', received: -1 });
    await expect(runGlue(fresh(['--save_total_limit', '0']))).rejects.toMatchObject({ path: '--save_total_limit' });
    await expect(runGlue(fresh(['--num_train_epochs', '0']))).rejects.toMatchObject({ path: '--num_train_epochs' });
    // Resuming 'latest' with no checkpoint is refused before the (missing) model is even looked for.
    await expect(runGlue(fresh(['--resume_from_checkpoint', 'latest']))).rejects.toMatchObject({ path: '--resume_from_checkpoint' });
    await expect(runGlue(fresh(['--backend', 'tpu']))).rejects.toMatchObject({ path: '--backend' });

    // The tiny model folder has 128 positions; HF clamps a longer --max_seq_length and warns.
    const capture = capturePrint();
    const clamped = await runGlue(glueArgs(path.join(missing, 'clamped'), ['--max_seq_length', '4096', '--max_steps', '1', '--no_do_eval']), { print: capture.print });
    expect(clamped?.trainResult?.globalStep).toBe(1);
    expect(capture.lines).toContain('warning: --max_seq_length 4096 is larger than the model takes (128 positions); using --max_seq_length 128');
  });

  it('the saved adapter loads into a fresh model and reproduces the dev metrics exactly', async () => {
    const capture = capturePrint();
    const evaluation = await runEval(
      ['--model_name_or_path', modelDir, '--load_adapter', path.join(outputDir, 'rte'), '--task_name', 'RTE', '--data_dir', dataDir, '--max_seq_length', '64', '--per_device_eval_batch_size', '8'],
      { print: capture.print },
    );
    expect(evaluation?.examples).toBe(64);
    expect(evaluation?.metrics.eval_accuracy).toBe(result.metrics?.eval_accuracy);
    expect(evaluation?.metrics.eval_loss).toBe(result.metrics?.eval_loss);
    expect(capture.text()).toContain("RTE dev (64 examples) with rte, head 'rte': loss");
    const firstRows = await runEval(
      ['--model_name_or_path', modelDir, '--load_adapter', path.join(outputDir, 'rte'), '--task_name', 'RTE', '--data_dir', dataDir, '--max_seq_length', '64', '--max_eval_samples', '10'],
      { print: () => {} },
    );
    expect(firstRows?.examples).toBe(10);
  });

  it('predicts a label and a score per sentence (pairs split at --pair_separator)', async () => {
    const capture = capturePrint();
    const predictions = await runPredict(
      ['--model_name_or_path', modelDir, '--load_adapter', path.join(outputDir, 'rte'), '--pair_separator', ' ||| ', 'A man walks his dog. ||| A person is outside.', 'It rains. ||| The sun shines.'],
      { print: capture.print },
    );
    expect(predictions).toHaveLength(2);
    for (const prediction of predictions ?? []) {
      expect(['entailment', 'not_entailment']).toContain(prediction.label);
      expect(prediction.score).toBeGreaterThanOrEqual(0.5);
      expect(prediction.score).toBeLessThanOrEqual(1);
    }
    expect(capture.lines[0]).toMatch(/^backend: wasm /);
    expect(capture.lines[1]).toMatch(/^(entailment|not_entailment) \(0\.\d{4}\)\tA man walks his dog\. \|\|\| A person is outside\.$/);
  });

  it('info describes the run folder, its checkpoint and the adapter with its head', async () => {
    const capture = capturePrint();
    const [description] = (await runInfo([outputDir], { print: capture.print })) ?? [];
    expect(description?.parts.map((part) => part.kind)).toEqual(['training-run']);
    const text = capture.text();
    expect(text).toContain(`${path.join(outputDir, 'rte')}: adapter 'rte' + head 'rte'`);
    expect(text).toContain('adapter weights: adapter.safetensors, 8 tensors, 324 parameters');
    expect(text).toContain('head labels: entailment, not_entailment');
    expect(text).toContain('resumable: optimizer state present');
  });

  it('refuses a non-empty --output_dir without --overwrite_output_dir, and adapter flags without --train_adapter', async () => {
    await expect(runGlue(glueArgs(outputDir))).rejects.toMatchObject({ code: 'invalid-config', path: '--output_dir' });
    await expect(runGlue(glueArgs(outputDir))).rejects.toThrow(/--overwrite_output_dir/);
    const fullFineTuning = glueArgs(path.join(outputDir, 'new')).filter((arg) => arg !== '--train_adapter');
    await expect(runGlue([...fullFineTuning, '--load_adapter', path.join(outputDir, 'rte')])).rejects.toMatchObject({ path: '--load_adapter' });
    await expect(runGlue(glueArgs(path.join(outputDir, 'new'), ['--task_name', 'sst3']))).rejects.toMatchObject({ path: '--task_name' });
    await expect(runGlue(glueArgs(path.join(outputDir, 'new'), ['--adapter_config', 'no-such-preset']))).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(runGlue(glueArgs(path.join(outputDir, 'new'), ['--adapter_non_linearity', 'sparkle']))).rejects.toMatchObject({ path: '--adapter_non_linearity' });
    expect(existsSync(path.join(outputDir, 'new'))).toBe(false);
  });

  it('--help prints the flags and runs nothing', async () => {
    const capture = capturePrint();
    expect(await runGlue(['--help'], { print: capture.print })).toBeNull();
    expect(capture.text()).toContain('--adapter_reduction_factor X');
    expect(capture.text()).toContain("--adapter_config CONFIG\n      Adapter config: a preset");
    expect(capture.text()).toContain('--fp16\n      HF mixed precision. No effect here: tfjs trains in float32 on every backend.');
    expect(capture.text()).toContain(`--backend {${BACKEND_CANDIDATES.map((candidate) => candidate.choice).join(',')}}`);
  });

  it('keeps training a saved adapter with --load_adapter, and fine-tunes the whole model without --train_adapter', async () => {
    const root = await temporaryFolder();
    const continued = await runGlue(glueArgs(path.join(root, 'continued'), ['--load_adapter', path.join(outputDir, 'rte'), '--max_steps', '1', '--no_do_eval']), { print: () => {} });
    expect(continued?.trainResult?.globalStep).toBe(1);
    expect(continued?.metrics).toBeUndefined();

    const fullDir = path.join(root, 'full');
    const args = glueArgs(fullDir, ['--max_steps', '2', '--learning_rate', '1e-4', '--backend', 'wasm']).filter((arg) => arg !== '--train_adapter');
    const full = await runGlue(args, { print: () => {} });
    expect(full?.adapterDir).toBeUndefined();
    for (const file of ['config.json', 'model.safetensors', 'vocab.txt', 'rte/head_config.json']) expect(existsSync(path.join(fullDir, file)), file).toBe(true);
    // The fine-tuned folder is a model folder again; its head comes from --load_head.
    const evaluation = await runEval(['--model_name_or_path', fullDir, '--load_head', path.join(fullDir, 'rte'), '--task_name', 'rte', '--data_dir', dataDir, '--max_seq_length', '64', '--per_device_eval_batch_size', '8'], { print: () => {} });
    expect(evaluation?.metrics.eval_accuracy).toBe(full?.metrics?.eval_accuracy);
  });
});
