// `adapters glue` on the RoBERTa-family backbones the README calls ready: a tiny RoBERTa folder with the real
// roberta-base tokenizer (--tokenizer_name), and a tiny XLM-R folder carrying a SentencePiece Unigram
// tokenizer.json. Each trains a pfeiffer adapter for two steps, saves it, and a fresh load reproduces the
// dev metrics exactly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asciiUnigramPieces, dataRoot, saveTinyEncoderFolder, saveTinyUnigramTokenizer, tinyEncoderConfig } from '@adapters/test-utils';
import { removeTemporaryFolders, saveGlueSlice, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runEval } from './eval-command';
import { runGlue } from './glue-command';

useWasmBackend();
afterAll(removeTemporaryFolders);

const WORDS = ['the', 'a', 'of', 'to', 'and', 'in', 'is', 'was', 'that', 'for', 'on', 'with', 'as', 'by', 'it', 'at', 'from', 'his', 'he', 'be', 'are', 'has', 'have', 'an', 'not', 'were', 'which', 'this', 'new', 'said'];

async function trainAndReload(modelDir: string, extra: readonly string[]): Promise<void> {
  const root = await temporaryFolder();
  const dataDir = await saveGlueSlice('RTE', path.join(root, 'RTE'), 16);
  const outputDir = path.join(root, 'out');
  const shared = ['--model_name_or_path', modelDir, '--task_name', 'rte', '--data_dir', dataDir, '--max_seq_length', '64', ...extra];
  const result = await runGlue(
    [...shared, '--do_train', '--do_eval', '--per_device_train_batch_size', '8', '--learning_rate', '1e-3', '--num_train_epochs', '1', '--output_dir', outputDir, '--train_adapter', '--adapter_config', 'pfeiffer', '--disable_tqdm'],
    { print: () => {} },
  );
  expect(result?.trainResult?.globalStep).toBe(2);
  expect(Number.isFinite(result?.metrics?.eval_loss)).toBe(true);
  for (const file of ['adapter_config.json', 'adapter.safetensors', 'head_config.json', 'model_head.safetensors']) {
    expect(existsSync(path.join(outputDir, 'rte', file)), file).toBe(true);
  }
  const reloaded = await runEval([...shared, '--load_adapter', path.join(outputDir, 'rte'), '--per_device_eval_batch_size', '8'], { print: () => {} });
  expect(reloaded?.examples).toBe(16);
  expect(reloaded?.metrics.eval_loss).toBe(result?.metrics?.eval_loss);
  expect(reloaded?.metrics.eval_acc).toBe(result?.metrics?.eval_acc);
}

describe('adapters glue on RoBERTa and XLM-R', () => {
  it('a RoBERTa folder with --tokenizer_name roberta-base trains a pfeiffer adapter, saves it, and reloads with identical dev metrics', async () => {
    const root = await temporaryFolder();
    // roberta-base's vocabulary (50265) and positions for 64 tokens after padding_idx + 1
    const modelDir = await saveTinyEncoderFolder(path.join(root, 'roberta'), tinyEncoderConfig('roberta', { vocab_size: 50265, max_position_embeddings: 66 }));
    await trainAndReload(modelDir, ['--tokenizer_name', path.join(dataRoot(), 'vocab/roberta-base'), '--model_type', 'roberta']);
  });

  it('an XLM-R folder with a Unigram tokenizer.json trains a pfeiffer adapter, saves it, and reloads with identical dev metrics', async () => {
    const root = await temporaryFolder();
    const modelDir = path.join(root, 'xlmr');
    const { vocabSize } = await saveTinyUnigramTokenizer(modelDir, { pieces: asciiUnigramPieces(WORDS) });
    await saveTinyEncoderFolder(modelDir, tinyEncoderConfig('xlm-roberta', { vocab_size: vocabSize, max_position_embeddings: 66 }));
    await trainAndReload(modelDir, ['--model_type', 'xlm-roberta']);
  });
});
