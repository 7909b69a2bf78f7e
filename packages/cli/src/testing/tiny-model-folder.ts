// Test support: a tiny random BERT saved as an HF model folder with the real bert-base-uncased vocabulary,
// and small GLUE slices, so the commands run end to end in seconds.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSafetensors, type TensorData } from '@adapters/core';
import { dataRoot, tinyBert } from '@adapters/test-utils';

const created: string[] = [];

/** A fresh temp folder, removed by `removeTemporaryFolders`. */
export async function temporaryFolder(prefix = 'adapters-cli-'): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  created.push(folder);
  return folder;
}

export async function removeTemporaryFolders(): Promise<void> {
  await Promise.all(created.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
}

/**
 * Writes `tinyBert` (vocab 30522 so the real tokenizer fits; no dropout, so runs are reproducible bit for
 * bit) as config.json + model.safetensors + vocab.txt + tokenizer_config.json. Returns the folder.
 */
export async function saveTinyModelFolder(folder: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const config = { vocab_size: 30522, max_position_embeddings: 128, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0, ...overrides };
  const model = tinyBert(config);
  try {
    await mkdir(folder, { recursive: true });
    const tensors = new Map<string, TensorData>();
    for (const [name, variable] of model.namedParameters()) {
      tensors.set(`bert.${name}`, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
    }
    await writeSafetensors(path.join(folder, 'model.safetensors'), tensors, { format: 'pt' });
    const fullConfig = {
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: 32,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 64,
      hidden_act: 'gelu',
      type_vocab_size: 2,
      ...config,
    };
    await writeFile(path.join(folder, 'config.json'), `${JSON.stringify(fullConfig, null, 2)}\n`);
    const vocabFolder = path.join(dataRoot(), 'vocab/bert-base-uncased');
    for (const file of ['vocab.txt', 'tokenizer_config.json']) await copyFile(path.join(vocabFolder, file), path.join(folder, file));
    return folder;
  } finally {
    model.dispose();
  }
}

/** Copies the header and the first `rows` rows of each split of a GLUE task into `folder` (the `--data_dir`). */
export async function saveGlueSlice(task: string, folder: string, rows: number, splits: readonly string[] = ['train', 'dev']): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const split of splits) {
    const text = await readFile(path.join(dataRoot(), 'glue', task, `${split}.tsv`), 'utf8');
    const lines = text.split('\n').slice(0, rows + 1);
    await writeFile(path.join(folder, `${split}.tsv`), `${lines.join('\n')}\n`);
  }
  return folder;
}

/** Collects what a command prints. */
export function capturePrint(): { print: (line: string) => void; lines: string[]; text: () => string } {
  const lines: string[] = [];
  return { print: (line) => lines.push(line), lines, text: () => lines.join('\n') };
}
