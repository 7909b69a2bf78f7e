import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { capturePrint, removeTemporaryFolders, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import type { TrainingCommandResult } from '../setup/run-training-command';
import { runCli } from './run-cli';
import { runMultipleChoice } from './multiple-choice-command';

useWasmBackend();

let root: string;
let modelDir: string;
let result: TrainingCommandResult;
let tensorsLeft: number;

// SWAG has 10 real rows: the smoke test trains and evaluates on all of them.
const swag = (): string => path.join(dataRoot(), 'multiple-choice', 'swag-sample.jsonl');
const common = (): string[] => ['--model_name_or_path', modelDir, '--train_file', swag(), '--validation_file', swag(), '--max_seq_length', '64'];

beforeAll(async () => {
  root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  const before = tf.memory().numTensors;
  const args = [...common(), '--do_train', '--do_eval', '--train_adapter', '--per_device_train_batch_size', '4', '--learning_rate', '1e-2', '--max_steps', '3', '--task_name', 'swag', '--output_dir', path.join(root, 'out'), '--disable_tqdm'];
  result = (await runMultipleChoice(args, { print: () => {} })) as TrainingCommandResult;
  tensorsLeft = tf.memory().numTensors - before;
});

afterAll(removeTemporaryFolders);

describe('runMultipleChoice', () => {
  it('trains a 4-choice head and adapter and reports accuracy', async () => {
    expect(tensorsLeft).toBe(0);
    expect(result.task).toBe('swag');
    expect(result.trainResult?.globalStep).toBe(3);
    expect(Object.keys(result.metrics ?? {}).sort()).toEqual(['eval_accuracy', 'eval_loss']);
    const head = JSON.parse(await readFile(path.join(root, 'out/swag/head_config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(head.config).toMatchObject({ head_type: 'multiple_choice', num_choices: 4 });
    expect(JSON.parse(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8'))).toHaveLength(10);
  });

  it('reloads the adapter through the bin with identical choices', async () => {
    const out = capturePrint();
    const code = await runCli(['mc', ...common(), '--do_eval', '--train_adapter', '--load_adapter', path.join(root, 'out/swag'), '--task_name', 'swag', '--output_dir', path.join(root, 'reload')], { print: out.print });
    expect(code).toBe(0);
    expect(await readFile(path.join(root, 'reload/eval_predictions.json'), 'utf8')).toBe(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8'));
    expect(out.text()).toContain(`multiple choice (swag) dev (10 examples): loss ${(result.metrics?.eval_loss ?? 0).toFixed(4)}`);
  });

  it('--help lists the data flags; the bin lists the new commands', async () => {
    const capture = capturePrint();
    expect(await runMultipleChoice(['--help'], { print: capture.print })).toBeNull();
    expect(capture.text()).toContain('--dataset_format');
    expect(await runCli(['--help'], { print: capture.print })).toBe(0);
    for (const name of ['ner', 'qa', 'mc']) expect(capture.text()).toContain(`  ${name} `);
  });
});
