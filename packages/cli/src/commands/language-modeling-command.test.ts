import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { capturePrint, removeTemporaryFolders, saveTinyModelFolder, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runLanguageModeling } from './language-modeling-command';

useWasmBackend();

let root: string;
let modelDir: string;
let textFile: string;
let evalFile: string;

beforeAll(async () => {
  root = await temporaryFolder();
  modelDir = await saveTinyModelFolder(path.join(root, 'model'));
  // A few paragraphs of WikiText-2 (tokenized release: `@-@`, `<unk>` and all).
  const lines = (await readFile(path.join(dataRoot(), 'text/wikitext-2/valid.txt'), 'utf8')).split('\n').filter((line) => line.trim().length > 80);
  textFile = path.join(root, 'wiki.txt');
  await writeFile(textFile, `${lines.slice(0, 16).join('\n')}\n`);
  evalFile = path.join(root, 'wiki-eval.txt');
  await writeFile(evalFile, `${lines.slice(16, 24).join('\n')}\n`);
});

afterAll(removeTemporaryFolders);

describe('runLanguageModeling', () => {
  it('--mlm --language en --train_adapter trains a language adapter named en and reports perplexity', async () => {
    const outputDir = path.join(root, 'out');
    const capture = capturePrint();
    const result = await runLanguageModeling(
      [
        '--backend', 'wasm',
        '--model_name_or_path', modelDir, '--train_data_file', textFile, '--eval_data_file', evalFile, '--line_by_line', '--block_size', '32',
        '--mlm', '--language', 'en', '--train_adapter', '--adapter_config', 'pfeiffer+inv', '--do_train', '--do_eval',
        '--per_device_train_batch_size', '8', '--learning_rate', '1e-3', '--num_train_epochs', '1', '--output_dir', outputDir, '--disable_tqdm',
      ],
      { print: capture.print },
    );
    expect(result?.trainResult?.globalStep).toBe(2);
    expect(Object.keys(result?.metrics ?? {}).sort()).toEqual(['eval_loss', 'eval_perplexity']);
    expect(result?.metrics?.eval_perplexity).toBeCloseTo(Math.exp(result?.metrics?.eval_loss ?? 0), 6);
    expect(result?.adapterDir).toBe(path.join(outputDir, 'en'));
    const config = JSON.parse(await readFile(path.join(outputDir, 'en/adapter_config.json'), 'utf8')) as { name: string; config: Record<string, unknown> };
    expect(config.name).toBe('en');
    expect(config.config.inv_adapter).toBe('nice');
    // The tiny model has no MLM head, so one named after the language was added and saved with the adapter.
    expect(existsSync(path.join(outputDir, 'en/head_config.json'))).toBe(true);
    const evalResults = JSON.parse(await readFile(path.join(outputDir, 'eval_results.json'), 'utf8')) as Record<string, number>;
    expect(evalResults.eval_perplexity).toBe(result?.metrics?.eval_perplexity);
    expect(capture.lines.find((line) => line.startsWith('masked LM: training'))).toMatch(/^masked LM: training language adapter 'en' \(pfeiffer\+inv\) on 16 examples of up to 32 tokens/);
    expect(capture.lines).toContain(`language adapter 'en' saved to ${path.join(outputDir, 'en')}`);
  });

  it('needs --mlm for BERT, --language with --train_adapter, and the data files of what it is asked to do', async () => {
    const base = ['--model_name_or_path', modelDir, '--train_data_file', textFile, '--do_train', '--output_dir', path.join(root, 'refused')];
    await expect(runLanguageModeling(base)).rejects.toMatchObject({ path: '--mlm' });
    await expect(runLanguageModeling([...base, '--mlm', '--train_adapter'])).rejects.toMatchObject({ path: '--language' });
    await expect(runLanguageModeling([...base, '--mlm', '--do_eval'])).rejects.toMatchObject({ path: '--eval_data_file' });
    await expect(runLanguageModeling([...base, '--mlm', '--load_adapter', path.join(root, 'out/en')])).rejects.toMatchObject({ path: '--load_adapter' });
  });
});
