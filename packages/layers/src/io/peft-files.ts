// Reading and writing HF PEFT adapter folders on a model (see peft-format.ts for the mapping).
import {
  FileFormatError,
  adapterConfigFromDict,
  adapterConfigToDict,
  dumpPythonJson,
  findWeightsFile,
  readJsonFile,
  readWeightsFile,
  writeFileAtomic,
  writeFolderAtomic,
  writeSafetensors,
  nodeModule,
} from '@adapters/core';
import { AdapterEntry } from '../model/adapter-entry';
import type { AdapterModel } from '../model/adapter-model';
import { ADAPTER_CONFIG_FILE, adapterStateDict, loadEntryTensors, type LoadAdapterOptions } from './adapter-files';
import { PEFT_TORCH_WEIGHTS_FILE, PEFT_WEIGHTS_FILE, isPeftConfig, libraryToPeft, peftToLibrary } from './peft-format';

const path = nodeModule<typeof import('node:path')>('node:path');

/** Whether a folder holds a PEFT adapter (its `adapter_config.json` has `peft_type`). */
export async function isPeftFolder(directory: string): Promise<boolean> {
  try {
    return isPeftConfig(await readJsonFile(path.join(directory, ADAPTER_CONFIG_FILE)));
  } catch {
    return false;
  }
}

/**
 * Loads a PEFT LoRA / (IA)^3 folder as a library adapter (named `loadAs`, else the folder's name). Keys may carry
 * the task model's prefix (`base_model.model.bert.…`) or not (`base_model.model.encoder.…`).
 */
export async function loadPeftAdapter<I, O>(model: AdapterModel<I, O>, directory: string, options: LoadAdapterOptions = {}): Promise<string> {
  const configFile = path.join(directory, ADAPTER_CONFIG_FILE);
  const json = await readJsonFile(configFile);
  if (!isPeftConfig(json)) throw new FileFormatError({ file: configFile, field: 'peft_type', message: 'expected a PEFT adapter config' });
  const weightsFile = await findWeightsFile(directory, [PEFT_WEIGHTS_FILE, PEFT_TORCH_WEIGHTS_FILE]);
  if (weightsFile === undefined) throw new FileFormatError({ file: path.join(directory, PEFT_WEIGHTS_FILE), message: `not found (nor ${PEFT_TORCH_WEIGHTS_FILE})` });
  const name = options.loadAs ?? path.basename(path.resolve(directory));
  const backbone = model.backbone;
  const converted = peftToLibrary(json, await readWeightsFile(weightsFile), { name, numLayers: backbone.numLayers, configFile, weightsFile });
  const config = adapterConfigFromDict(converted.config, configFile);
  const entry = new AdapterEntry(name, config, backbone);
  try {
    loadEntryTensors(entry, converted.tensors, backbone.baseModelPrefix, name, weightsFile);
  } catch (error) {
    entry.dispose();
    throw error;
  }
  model.installEntry(name, config, options.adapterType, { setActive: options.setActive }, entry);
  return name;
}

/** Writes a LoRA adapter as a PEFT folder: `adapter_config.json` (LoraConfig) and `adapter_model.safetensors`. */
export async function savePeftAdapter<I, O>(model: AdapterModel<I, O>, directory: string, name: string): Promise<void> {
  const entry = model.adapterEntry(name);
  const backbone = model.backbone;
  const tensors = await adapterStateDict(entry, backbone.baseModelPrefix);
  const peft = libraryToPeft(adapterConfigToDict(entry.config), tensors, { name, baseModelNameOrPath: backbone.modelName ?? null, source: `adapter '${name}'` });
  // One folder, filled beside `directory` and renamed into place (other files already there are kept).
  await writeFolderAtomic(
    directory,
    async (folder) => {
      await writeSafetensors(path.join(folder, PEFT_WEIGHTS_FILE), peft.tensors, { format: 'pt' });
      await writeFileAtomic(path.join(folder, ADAPTER_CONFIG_FILE), dumpPythonJson(peft.json, { indent: 2, sortKeys: true }));
    },
    { keepOtherEntries: true },
  );
}
