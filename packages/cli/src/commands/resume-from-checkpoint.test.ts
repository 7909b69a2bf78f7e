import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '@adapters/trainer';
import { removeTemporaryFolders, saveGlueSlice, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runGlue } from './glue-command';

useWasmBackend();

afterAll(removeTemporaryFolders);

async function trainingLosses(outputDir: string): Promise<number[]> {
  const lines = (await readFile(path.join(outputDir, 'log.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((line) => JSON.parse(line) as LogEntry).flatMap((entry) => (entry.loss === undefined ? [] : [entry.loss]));
}

describe('--resume_from_checkpoint', () => {
  it('a run killed after a checkpoint and resumed ends with the same adapter and head bytes as an uninterrupted run', async () => {
    const root = await temporaryFolder();
    // Dropout on: its masks are seeded per (seed, step), so the resumed run draws the same ones.
    const modelDir = await saveTinyModelFolder(path.join(root, 'model'), { hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1 });
    const dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 48);
    // 48 rows / 16 = 3 updates per epoch, 2 epochs; checkpoints every 2 updates.
    const args = (outputDir: string): string[] => [
      '--model_name_or_path', modelDir, '--task_name', 'rte', '--do_train', '--data_dir', dataDir, '--max_seq_length', '48',
      '--per_device_train_batch_size', '16', '--learning_rate', '3e-3', '--weight_decay', '0.01', '--warmup_steps', '1',
      '--num_train_epochs', '2', '--logging_steps', '1', '--save_steps', '2', '--seed', '7', '--output_dir', outputDir,
      '--train_adapter', '--adapter_config', 'pfeiffer', '--disable_tqdm',
    ];
    const quiet = { print: () => {} };
    const straightDir = path.join(root, 'straight');
    const straight = await runGlue(args(straightDir), quiet);
    expect(straight?.trainResult?.globalStep).toBe(6);

    const resumedDir = path.join(root, 'resumed');
    const kill = new Error('killed');
    await expect(
      runGlue(args(resumedDir), {
        ...quiet,
        trainerLogger: (event) => {
          // Step 5 comes after checkpoint-4; the kill loses it.
          if (event.type === 'step' && event.step === 5) throw kill;
        },
      }),
    ).rejects.toBe(kill);
    expect((await readdir(resumedDir)).filter((name) => name.startsWith('checkpoint-')).sort()).toEqual(['checkpoint-2', 'checkpoint-4']);
    expect(existsSync(path.join(resumedDir, 'rte'))).toBe(false);

    // A fresh process would run the same command again with --resume_from_checkpoint; the folder is not empty, which is fine then.
    const printed: string[] = [];
    const resumed = await runGlue([...args(resumedDir), '--resume_from_checkpoint', 'latest'], { print: (line) => printed.push(line) });
    expect(resumed?.trainResult?.globalStep).toBe(6);
    // The resume names the checkpoint it picked (the newest).
    expect(printed).toContain(`resuming from ${path.join(resumedDir, 'checkpoint-4')}`);
    for (const file of ['adapter.safetensors', 'model_head.safetensors']) {
      const [expected, actual] = await Promise.all([readFile(path.join(straightDir, 'rte', file)), readFile(path.join(resumedDir, 'rte', file))]);
      expect(actual.equals(expected), file).toBe(true);
    }
    expect(await trainingLosses(resumedDir)).toEqual(await trainingLosses(straightDir));

    // Resuming with another learning rate than the run that wrote the checkpoint (training_args.json) warns.
    const changed: string[] = [];
    await runGlue([...args(resumedDir), '--resume_from_checkpoint', path.join(resumedDir, 'checkpoint-4'), '--learning_rate', '1e-3'], { print: (line) => changed.push(line) });
    expect(changed).toContain(
      `warning: --learning_rate 0.001 differs from the 0.003 of the run that wrote the checkpoint (${path.join(resumedDir, 'training_args.json')}); the schedule continues with 0.001`,
    );

    // An explicit checkpoint folder works too, and a missing one names the flag.
    await expect(runGlue([...args(resumedDir), '--resume_from_checkpoint', path.join(resumedDir, 'checkpoint-99')], quiet)).rejects.toMatchObject({ path: '--resume_from_checkpoint' });
  });
});
