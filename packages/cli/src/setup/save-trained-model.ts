import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeFolderAtomic, writeSafetensors, type TensorData } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';

const TOKENIZER_FILES = ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt'];

/**
 * What the trainer's `save_model` writes after full fine-tuning: an HF model folder (config.json,
 * model.safetensors with `bert.*` keys, the tokenizer files of the source folder) in `directory`, and each
 * head in `directory/<head>/`. The whole folder is filled beside `directory` and renamed into place; what
 * `directory` already held (checkpoints, logs) is carried over as hard links.
 */
export async function saveFullModel(model: ModelWithHeads, directory: string, sourceFolder: string): Promise<void> {
  const prefix = model.encoder.baseModelPrefix;
  const tensors = new Map<string, TensorData>();
  for (const [name, variable] of model.encoder.namedParameters()) {
    tensors.set(`${prefix}.${name}`, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
  }
  await writeFolderAtomic(
    directory,
    async (folder) => {
      await writeSafetensors(path.join(folder, 'model.safetensors'), tensors, { format: 'pt' });
      await writeFileAtomic(path.join(folder, 'config.json'), `${JSON.stringify(model.encoder.config.raw, null, 2)}\n`);
      for (const file of TOKENIZER_FILES) {
        const source = path.join(sourceFolder, file);
        if (existsSync(source)) await copyFile(source, path.join(folder, file));
      }
      await model.saveAllHeads(folder);
    },
    { keepOtherEntries: true },
  );
}

/**
 * The end of a training command: the trained adapter (with its head) in `outputDir/<adapterName>`, or, after full
 * fine-tuning (no adapter), the whole model in `outputDir`. Returns the adapter's folder, if one was saved.
 */
export async function saveTrainedModel(model: ModelWithHeads, outputDir: string, adapterName: string | undefined, sourceFolder: string): Promise<string | undefined> {
  if (adapterName === undefined) {
    await saveFullModel(model, outputDir, sourceFolder);
    return undefined;
  }
  const adapterDir = path.join(outputDir, adapterName);
  await model.saveAdapter(adapterDir, adapterName);
  return adapterDir;
}
