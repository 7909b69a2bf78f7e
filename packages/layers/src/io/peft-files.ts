// Reading and writing HF PEFT adapter folders on a model (see peft-format.ts for the mapping).
import {
  FileFormatError,
  adapterConfigFromDict,
  adapterConfigToDict,
  readSourceJson,
  readSourceWeights,
  serializeSafetensors,
  sourceBaseName,
  sourceFileName,
  toFileSource,
  saveFileMap,
  type FileMap,
  type FileSource,
} from '@adapters/core';
import { AdapterEntry } from '../model/adapter-entry';
import type { AdapterModel } from '../model/adapter-model';
import { ADAPTER_CONFIG_FILE, adapterStateDict, jsonFileBytes, loadEntryTensors, type LoadAdapterOptions } from './adapter-files';
import { PEFT_TORCH_WEIGHTS_FILE, PEFT_WEIGHTS_FILE, isPeftConfig, libraryToPeft, peftToLibrary } from './peft-format';

/** Whether a folder (a path or any `FileSource`) holds a PEFT adapter (its `adapter_config.json` has `peft_type`). */
export async function isPeftFolder(directoryOrSource: string | FileSource): Promise<boolean> {
  try {
    return isPeftConfig(await readSourceJson(toFileSource(directoryOrSource), ADAPTER_CONFIG_FILE));
  } catch {
    return false;
  }
}

/**
 * Loads a PEFT LoRA / (IA)^3 folder as a library adapter (named `loadAs`, else the folder's name). Keys may carry
 * the task model's prefix (`base_model.model.bert.…`) or not (`base_model.model.encoder.…`).
 */
export async function loadPeftAdapter<I, O>(model: AdapterModel<I, O>, directoryOrSource: string | FileSource, options: LoadAdapterOptions = {}): Promise<string> {
  const source = toFileSource(directoryOrSource);
  const configFile = sourceFileName(source, ADAPTER_CONFIG_FILE);
  const json = await readSourceJson(source, ADAPTER_CONFIG_FILE);
  if (!isPeftConfig(json)) throw new FileFormatError({ file: configFile, field: 'peft_type', message: 'expected a PEFT adapter config' });
  const weights = await readSourceWeights(source, [PEFT_WEIGHTS_FILE, PEFT_TORCH_WEIGHTS_FILE]);
  if (weights === undefined) throw new FileFormatError({ file: sourceFileName(source, PEFT_WEIGHTS_FILE), message: `not found (nor ${PEFT_TORCH_WEIGHTS_FILE})` });
  const weightsFile = weights.file;
  const name = options.loadAs ?? sourceBaseName(source);
  const backbone = model.backbone;
  const converted = peftToLibrary(json, weights.tensors, { name, numLayers: backbone.numLayers, configFile, weightsFile });
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
  const files = await peftAdapterFiles(model, name);
  // One folder, filled beside `directory` and renamed into place (other files already there are kept).
  await saveFileMap(directory, files);
}

/** The files of `savePeftAdapter`, as bytes. */
export async function peftAdapterFiles<I, O>(model: AdapterModel<I, O>, name: string): Promise<FileMap> {
  const entry = model.adapterEntry(name);
  const backbone = model.backbone;
  const tensors = await adapterStateDict(entry, backbone.baseModelPrefix);
  const peft = libraryToPeft(adapterConfigToDict(entry.config), tensors, { name, baseModelNameOrPath: backbone.modelName ?? null, source: `adapter '${name}'` });
  return new Map([
    [ADAPTER_CONFIG_FILE, jsonFileBytes(peft.json)],
    [PEFT_WEIGHTS_FILE, serializeSafetensors(peft.tensors, { format: 'pt' })],
  ]);
}
