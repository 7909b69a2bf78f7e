import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoModelWithHeads } from '@adapters/auto';
import { randomize } from '@adapters/test-utils';
import { disposeModel } from '../setup/load-model';
import { removeTemporaryFolders, saveGlueSlice, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runEval } from './eval-command';
import { runFusionGlue } from './fusion-glue-command';

useWasmBackend();

afterAll(removeTemporaryFolders);

/** Two "trained" task adapters (random weights) saved as AdapterHub folders. */
async function saveAdapters(modelDir: string, root: string): Promise<string[]> {
  const model = await AutoModelWithHeads.fromPretrained(modelDir);
  try {
    const folders: string[] = [];
    for (const name of ['mrpc', 'sst-2']) {
      model.addAdapter(name, 'pfeiffer');
      randomize(model.adapterEntry(name).variables(), 0.1, name.length);
      folders.push(path.join(root, name));
      await model.saveAdapter(path.join(root, name), name);
    }
    return folders;
  } finally {
    disposeModel(model);
  }
}

describe('runFusionGlue', () => {
  it('fuses saved adapters on a GLUE task, trains only the fusion and the head, and the saved fusion reproduces its dev metrics', async () => {
    const root = await temporaryFolder();
    const modelDir = await saveTinyModelFolder(path.join(root, 'model'));
    const dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 32);
    const adapters = await saveAdapters(modelDir, root);
    const outputDir = path.join(root, 'fusion');
    const common = ['--model_name_or_path', modelDir, '--task_name', 'rte', '--data_dir', dataDir, '--max_seq_length', '48'];
    const lines: string[] = [];
    const result = await runFusionGlue(
      [...common, '--fusion_adapters', ...adapters, '--fusion_config', 'dynamic', '--no_fusion_regularization', '--do_train', '--do_eval',
        '--per_device_train_batch_size', '16', '--learning_rate', '5e-3', '--max_steps', '2', '--output_dir', outputDir, '--disable_tqdm'],
      { print: (line) => lines.push(line) },
    );
    expect(result?.adapterNames).toEqual(['mrpc', 'sst-2']);
    expect(result?.fusionName).toBe('mrpc,sst-2');
    expect(result?.trainResult?.globalStep).toBe(2);
    expect(lines.find((line) => line.startsWith('RTE: training'))).toMatch(/^RTE: training fusion 'mrpc,sst-2' on 32 examples, [\d,]+ of [\d,]+ parameters train$/);
    const fusionConfig = JSON.parse(await readFile(path.join(outputDir, 'mrpc,sst-2/adapter_fusion_config.json'), 'utf8')) as { config: Record<string, unknown>; adapter_names: string[] };
    expect(fusionConfig.adapter_names).toEqual(['mrpc', 'sst-2']);
    expect(fusionConfig.config).toMatchObject({ value: true, regularization: false });
    expect(existsSync(path.join(outputDir, 'rte/head_config.json'))).toBe(true);
    // The fused adapters stay as they were: only the fusion and the head trained.
    expect(existsSync(path.join(outputDir, 'mrpc'))).toBe(false);

    const evaluation = await runEval(
      [...common, '--load_adapter', ...adapters, '--load_fusion', path.join(outputDir, 'mrpc,sst-2'), '--load_head', path.join(outputDir, 'rte'), '--per_device_eval_batch_size', '8'],
      { print: (line) => lines.push(line) },
    );
    expect(evaluation?.metrics).toEqual(result?.metrics);
    expect(lines.at(-1)).toMatch(/^RTE dev \(32 examples\) with Fuse\(mrpc, sst-2\), head 'rte': loss /);
    // Without --load_head the head saved beside the fusion is used, not the checkpoint's masked-LM head.
    const withoutHead = await runEval([...common, '--load_adapter', ...adapters, '--load_fusion', path.join(outputDir, 'mrpc,sst-2'), '--per_device_eval_batch_size', '8'], { print: () => {} });
    expect(withoutHead?.metrics).toEqual(result?.metrics);
  });

  it('names the flag at fault: too few adapters, an unknown fusion preset', async () => {
    const base = ['--model_name_or_path', 'unused', '--task_name', 'rte', '--do_train', '--output_dir', 'unused'];
    await expect(runFusionGlue([...base, '--fusion_adapters', 'only-one'])).rejects.toMatchObject({ path: '--fusion_adapters' });
    await expect(runFusionGlue([...base, '--fusion_adapters', 'a', 'b', '--fusion_config', 'wobbly'])).rejects.toMatchObject({ path: '--fusion_config' });
  });
});
