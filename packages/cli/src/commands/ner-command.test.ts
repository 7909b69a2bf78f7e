import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConllSlice } from '../testing/task-data-slices';
import { capturePrint, removeTemporaryFolders, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import type { TrainingCommandResult } from '../setup/run-training-command';
import { runNer } from './ner-command';

useWasmBackend();

let root: string;
let modelDir: string;
let trainFile: string;
let devFile: string;
let result: TrainingCommandResult;
let tensorsLeft: number;

const common = (): string[] => ['--model_name_or_path', modelDir, '--train_file', trainFile, '--validation_file', devFile, '--max_seq_length', '64', '--per_device_eval_batch_size', '16'];

beforeAll(async () => {
  root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  trainFile = await saveConllSlice('eng.train', path.join(root, 'train.conll'), 48);
  devFile = await saveConllSlice('eng.testa', path.join(root, 'dev.conll'), 24);
  const before = tf.memory().numTensors;
  const args = [...common(), '--do_train', '--do_eval', '--train_adapter', '--adapter-config', 'pfeiffer', '--per_device_train_batch_size', '16', '--learning_rate', '1e-2', '--max_steps', '3', '--label_all_tokens', '--output_dir', path.join(root, 'out'), '--disable_tqdm'];
  result = (await runNer(args, { print: () => {} })) as TrainingCommandResult;
  tensorsLeft = tf.memory().numTensors - before;
});

afterAll(removeTemporaryFolders);

describe('runNer', () => {
  it('trains a tagging head and pfeiffer adapter, scores seqeval metrics, and saves the AdapterHub layout', async () => {
    expect(tensorsLeft).toBe(0);
    expect(result.trainResult?.globalStep).toBe(3);
    expect(Object.keys(result.metrics ?? {}).sort()).toEqual(['eval_accuracy', 'eval_f1', 'eval_loss', 'eval_precision', 'eval_recall']);
    for (const file of ['adapter_config.json', 'adapter.safetensors', 'head_config.json', 'model_head.safetensors']) expect(existsSync(path.join(root, 'out/ner', file)), file).toBe(true);
    const head = JSON.parse(await readFile(path.join(root, 'out/ner/head_config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(head.config).toMatchObject({ head_type: 'tagging', num_labels: 9 });
    const predictions = JSON.parse(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8')) as string[][];
    expect(predictions).toHaveLength(24);
  });

  it('reloads the adapter in a fresh model (--do_eval only) with identical predictions and metrics', async () => {
    const capture = capturePrint();
    const reloaded = await runNer([...common(), '--do_eval', '--train_adapter', '--load_adapter', path.join(root, 'out/ner'), '--output_dir', path.join(root, 'reload')], { print: capture.print });
    expect(await readFile(path.join(root, 'reload/eval_predictions.json'), 'utf8')).toBe(await readFile(path.join(root, 'out/eval_predictions.json'), 'utf8'));
    expect(reloaded?.metrics?.eval_f1).toBe(result.metrics?.eval_f1);
    expect(reloaded?.metrics?.eval_accuracy).toBe(result.metrics?.eval_accuracy);
    expect(capture.text()).toMatch(/^NER \(ner\) dev \(24 examples\): loss /m);
  });

  it('--help lists the NER flags; a missing data file is reported by its flag', async () => {
    const capture = capturePrint();
    expect(await runNer(['--help'], { print: capture.print })).toBeNull();
    expect(capture.text()).toContain('--label_all_tokens');
    expect(capture.text()).toContain('--validation_file FILE');
    await expect(runNer([...common(), '--train_file', path.join(root, 'missing.conll'), '--do_train', '--output_dir', path.join(root, 'x')])).rejects.toMatchObject({ path: '--train_file' });
  });
});
