import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSquadSlice } from '../testing/task-data-slices';
import { capturePrint, removeTemporaryFolders, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import type { TrainingCommandResult } from '../setup/run-training-command';
import { runQuestionAnswering } from './question-answering-command';

useWasmBackend();

let root: string;
let modelDir: string;
let dataFile: string;
let result: TrainingCommandResult;
let tensorsLeft: number;

// 5 one-paragraph articles: article 4 is dev (--dev_every 5), the other 4 train.
const common = (): string[] => ['--model_name_or_path', modelDir, '--train_file', dataFile, '--max_seq_length', '64', '--doc-stride', '16', '--per_device_eval_batch_size', '16'];

beforeAll(async () => {
  root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  dataFile = await saveSquadSlice(path.join(root, 'squad.json'), 5);
  const before = tf.memory().numTensors;
  const args = [...common(), '--do_train', '--do_eval', '--train_adapter', '--per_device_train_batch_size', '16', '--learning_rate', '1e-2', '--max_steps', '2', '--output_dir', path.join(root, 'out'), '--disable_tqdm'];
  result = (await runQuestionAnswering(args, { print: () => {} })) as TrainingCommandResult;
  tensorsLeft = tf.memory().numTensors - before;
});

afterAll(removeTemporaryFolders);

describe('runQuestionAnswering', () => {
  it('trains a QA head and adapter on windows and reports SQuAD EM and F1', async () => {
    expect(tensorsLeft).toBe(0);
    expect(result.trainResult?.globalStep).toBe(2);
    expect(Object.keys(result.metrics ?? {}).sort()).toEqual(['eval_exact_match', 'eval_f1', 'eval_loss']);
    expect(existsSync(path.join(root, 'out/squad/adapter.safetensors'))).toBe(true);
    const head = JSON.parse(await readFile(path.join(root, 'out/squad/head_config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(head.config).toMatchObject({ head_type: 'question_answering', num_labels: 2 });
    const predictions = JSON.parse(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(predictions).length).toBeGreaterThan(0);
  });

  it('reloads the adapter in a fresh model with identical answers', async () => {
    const reloaded = await runQuestionAnswering([...common(), '--do_eval', '--train_adapter', '--load_adapter', path.join(root, 'out/squad'), '--output_dir', path.join(root, 'reload')], { print: () => {} });
    expect(await readFile(path.join(root, 'reload/eval_predictions.json'), 'utf8')).toBe(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8'));
    expect(reloaded?.metrics?.eval_f1).toBe(result.metrics?.eval_f1);
  });

  it('--help lists the QA flags; a bad --dev_every is reported by its flag', async () => {
    const capture = capturePrint();
    expect(await runQuestionAnswering(['--help'], { print: capture.print })).toBeNull();
    for (const flag of ['--doc_stride N', '--max_answer_length N', '--n_best_size N', '--version_2_with_negative']) expect(capture.text()).toContain(flag);
    await expect(runQuestionAnswering([...common(), '--do_eval', '--dev_every', '1', '--output_dir', path.join(root, 'y')], { print: () => {} })).rejects.toMatchObject({ path: '--dev_every' });
  });
});
