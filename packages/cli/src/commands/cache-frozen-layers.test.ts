import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterConfig, TrainableFrozenLayerError, readSafetensors } from '@adapters/core';
import { capturePrint, removeTemporaryFolders, saveGlueSlice, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runGlue } from './glue-command';

useWasmBackend();

let root: string;
let modelDir: string;
let dataDir: string;

/** run_glue on the tiny model (dropout 0) and a 48-row RTE slice, 2 epochs: the second one reads the cache. */
function glueArgs(output: string, extra: string[]): string[] {
  return [
    '--model_name_or_path', modelDir, '--task_name', 'rte', '--do_train', '--do_eval', '--data_dir', dataDir,
    '--max_seq_length', '64', '--per_device_train_batch_size', '16', '--learning_rate', '1e-3', '--num_train_epochs', '2',
    '--output_dir', output, '--train_adapter', '--disable_tqdm', '--save_strategy', 'no', ...extra,
  ];
}

beforeAll(async () => {
  root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 48, ['train', 'dev']);
});

afterAll(removeTemporaryFolders);

describe('--cache_frozen_layers (AdapterDrop)', () => {
  it('adds the adapter with leave_out [0..k-1] and trains exactly as that adapter does without the cache (no dropout in the tiny model)', async () => {
    const cachedDir = path.join(root, 'cached');
    const cached = await runGlue(glueArgs(cachedDir, ['--adapter_config', 'pfeiffer', '--cache_frozen_layers', '1']), { print: () => {} });
    const saved = JSON.parse(await readFile(path.join(cachedDir, 'rte', 'adapter_config.json'), 'utf8')) as { config: { leave_out: number[] } };
    expect(saved.config.leave_out).toEqual([0]);
    const { tensors } = await readSafetensors(path.join(cachedDir, 'rte', 'adapter.safetensors'));
    expect([...tensors.keys()].some((key) => key.includes('layer.0.'))).toBe(false);
    expect([...tensors.keys()].some((key) => key.includes('layer.1.'))).toBe(true);

    const configFile = path.join(root, 'leave-out-0.json');
    await writeFile(configFile, JSON.stringify({ ...AdapterConfig.toDict(AdapterConfig.load('pfeiffer')), leave_out: [0] }));
    const plain = await runGlue(glueArgs(path.join(root, 'plain'), ['--adapter_config', configFile]), { print: () => {} });
    expect(cached?.trainResult?.globalStep).toBe(6);
    expect(Math.abs(cached!.trainResult!.trainingLoss - plain!.trainResult!.trainingLoss)).toBeLessThan(1e-5);
    expect(Math.abs(cached!.metrics!.eval_loss! - plain!.metrics!.eval_loss!)).toBeLessThan(1e-5);
  });

  it('refuses the flag without --train_adapter, and a loaded adapter that trains below k (naming adapter and layer)', async () => {
    const full = glueArgs(path.join(root, 'full'), ['--cache_frozen_layers', '1']).filter((arg) => arg !== '--train_adapter');
    await expect(runGlue(full, { print: () => {} })).rejects.toMatchObject({ code: 'invalid-config', path: '--cache_frozen_layers' });
    const firstDir = path.join(root, 'first');
    await runGlue(glueArgs(firstDir, ['--max_steps', '1', '--no_do_eval']), { print: () => {} });
    // the option reaches the trainer, which checks the loaded adapter (saved without leave_out) before training
    const loaded = await runGlue(glueArgs(path.join(root, 'loaded'), ['--load_adapter', path.join(firstDir, 'rte'), '--cache_frozen_layers', '1', '--max_steps', '1']), { print: () => {} }).catch((error: unknown) => error);
    expect(loaded).toBeInstanceOf(TrainableFrozenLayerError);
    expect(loaded).toMatchObject({ adapter: 'rte', layer: 0, cacheLayers: 1 });
  });

  it('is in the help of glue', async () => {
    const capture = capturePrint();
    await runGlue(['--help'], { print: capture.print });
    expect(capture.text()).toContain('--cache_frozen_layers K\n      AdapterDrop: the new adapter leaves out layers 0..K-1');
  });
});
