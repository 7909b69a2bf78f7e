// SIGKILL during the final save: the adapter folder is absent, the previous complete one, or complete and
// loadable, never half written under its final name (the save goes through a temp folder and a rename).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoModelWithHeads } from '@adapters/auto';
import { removeTemporaryFolders, saveGlueSlice, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';

useWasmBackend();
afterAll(removeTemporaryFolders);

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const KILLS = 20;
const PAUSE_MS = 60;
const ADAPTER_FILES = ['adapter_config.json', 'adapter.safetensors', 'head_config.json', 'model_head.safetensors'];

/** Runs the CLI; with `killAfterSaveStart`, SIGKILLs it that many ms after the final save announced itself. */
function runCliProcess(args: readonly string[], target: string, killAfterSaveStart?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ADAPTERS_BACKEND: 'wasm', ...(killAfterSaveStart === undefined ? {} : { ADAPTERS_TEST_SLOW_FOLDER_WRITES_MS: String(PAUSE_MS) }) };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let armed = false;
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (killAfterSaveStart !== undefined && !armed && stderr.includes(`writeFolderAtomic start ${target}\n`)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterSaveStart);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, stderr });
    });
  });
}

describe('kill -9 during the final save', () => {
  it(`leaves <output_dir>/<task> absent, previous or complete and loadable (${KILLS} kills), and the next run cleans up`, async () => {
    const root = await temporaryFolder();
    const modelDir = await saveTinyModelFolder(path.join(root, 'model'));
    const dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 8, ['train']);
    const outputDir = path.join(root, 'out');
    const target = path.join(outputDir, 'rte');
    const args = [
      'glue', '--model_name_or_path', modelDir, '--task_name', 'rte', '--do_train', '--data_dir', dataDir, '--max_seq_length', '32',
      '--per_device_train_batch_size', '8', '--num_train_epochs', '1', '--save_steps', '1000', '--seed', '3', '--output_dir', outputDir,
      '--overwrite_output_dir', '--train_adapter', '--adapter_config', 'pfeiffer', '--disable_tqdm',
    ];
    const first = await runCliProcess(args, target);
    expect(first.code, first.stderr).toBe(0);

    const model = await AutoModelWithHeads.fromPretrained(modelDir);
    const outcomes = { absent: 0, complete: 0 };
    try {
      for (let kill = 0; kill < KILLS; kill += 1) {
        // Spread over the three pauses of the slowed save (start, written, moved aside) and a bit beyond.
        const delay = Math.floor(Math.random() * PAUSE_MS * 3.5);
        const run = await runCliProcess(args, target, delay);
        expect(run.signal === 'SIGKILL' || run.code === 0, run.stderr).toBe(true);
        if (!existsSync(target)) {
          outcomes.absent += 1;
          continue;
        }
        expect((await readdir(target)).sort(), `kill ${kill} after ${delay} ms`).toEqual([...ADAPTER_FILES].sort());
        const name = await model.loadAdapter(target, { loadAs: `rte_${kill}` });
        expect(model.hasHead(name), `kill ${kill}`).toBe(true);
        outcomes.complete += 1;
      }
    } finally {
      model.dispose();
      model.encoder.dispose();
    }
    expect(outcomes.absent + outcomes.complete).toBe(KILLS);

    // The next run puts a moved-aside folder back or drops a half-written temp one, then saves normally.
    const last = await runCliProcess(args, target);
    expect(last.code, last.stderr).toBe(0);
    expect((await readdir(outputDir)).filter((entry) => entry.startsWith('.'))).toEqual([]);
    expect((await readdir(target)).sort()).toEqual([...ADAPTER_FILES].sort());
  }, 300_000);
});
