// AdapterHub fusion folders: `adapter_fusion_config.json` + `model_adapter_fusion.safetensors`.
import {
  AdaptersError,
  FileFormatError,
  StateDictError,
  ShapeMismatchError,
  adapterFusionConfigFromDict,
  adapterFusionConfigToDict,
  dumpPythonJson,
  findWeightsFile,
  readJsonFile,
  readWeightsFile,
  writeFileAtomic,
  writeFolderAtomic,
  writeSafetensors,
  type StateValue,
  type TensorData,
  nodeModule,
} from '@adapters/core';
import type { FusionEntry } from '../fusion/fusion-entry';
import type { AdapterModel } from '../model/adapter-model';
import { LIBRARY_VERSION, modelClassFor } from './adapter-files';

const path = nodeModule<typeof import('node:path')>('node:path');

export const FUSION_CONFIG_FILE = 'adapter_fusion_config.json';
export const FUSION_WEIGHTS_FILE = 'model_adapter_fusion.safetensors';
export const FUSION_TORCH_WEIGHTS_FILE = 'pytorch_model_adapter_fusion.bin';

/** The fusion weights of a folder: safetensors when present, else the library's default `.bin`. */
async function fusionWeightsFile(directory: string): Promise<string> {
  return (await findWeightsFile(directory, [FUSION_WEIGHTS_FILE, FUSION_TORCH_WEIGHTS_FILE])) ?? path.join(directory, FUSION_WEIGHTS_FILE);
}

/** Writes one fusion (`save_adapter_fusion`) as one folder, filled beside `directory` and renamed into place. */
export async function saveAdapterFusion<I, O>(model: AdapterModel<I, O>, directory: string, name: string): Promise<void> {
  await writeFolderAtomic(directory, (folder) => writeFusionFiles(model, folder, name), { keepOtherEntries: true });
}

async function writeFusionFiles<I, O>(model: AdapterModel<I, O>, directory: string, name: string): Promise<void> {
  const fusion = model.fusionEntry(name);
  const backbone = model.backbone;
  const prefix = backbone.baseModelPrefix;
  const tensors = new Map<string, TensorData>();
  for (const [key, variable] of fusion.namedParameters()) {
    tensors.set(`${prefix}.${key}`, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
  }
  const json = {
    adapter_names: [...fusion.adapterNames],
    config: adapterFusionConfigToDict(fusion.config),
    hidden_size: backbone.hiddenSize,
    model_class: modelClassFor(backbone.modelType),
    // The library writes the config's name_or_path, '' for a model not loaded with from_pretrained.
    model_name: backbone.modelName ?? '',
    model_type: backbone.modelType,
    name,
    version: LIBRARY_VERSION,
  };
  await writeSafetensors(path.join(directory, FUSION_WEIGHTS_FILE), tensors);
  await writeFileAtomic(path.join(directory, FUSION_CONFIG_FILE), dumpPythonJson(json, { indent: 2, sortKeys: true }));
}

/** `save_all_adapter_fusions`: one folder per fusion, named after it (commas included). */
export async function saveAllAdapterFusions<I, O>(model: AdapterModel<I, O>, directory: string): Promise<void> {
  for (const name of model.fusionNames()) await saveAdapterFusion(model, path.join(directory, name), name);
}

/** Loads a fusion folder; the fused adapters must already be loaded. Nothing is added on failure. */
export async function loadAdapterFusion<I, O>(
  model: AdapterModel<I, O>,
  directory: string,
  options: { loadAs?: string; setActive?: boolean } = {},
): Promise<string> {
  const configFile = path.join(directory, FUSION_CONFIG_FILE);
  const json = (await readJsonFile(configFile)) as Record<string, unknown>;
  const savedName = typeof json.name === 'string' ? json.name : path.basename(path.resolve(directory));
  const adapterNames = Array.isArray(json.adapter_names) ? (json.adapter_names as string[]) : savedName.split(',');
  if (typeof json.hidden_size === 'number' && json.hidden_size !== model.backbone.hiddenSize) {
    throw new ShapeMismatchError({ key: 'hidden_size', expected: [model.backbone.hiddenSize], actual: [json.hidden_size], source: configFile });
  }
  const config = adapterFusionConfigFromDict(json.config, undefined, configFile);
  const name = options.loadAs ?? savedName;
  const weightsFile = await fusionWeightsFile(directory);
  const tensors = await readWeightsFile(weightsFile).catch((error: unknown) => {
    throw AdaptersError.isInstance(error) && error.code === 'torch-checkpoint' ? error : new FileFormatError({ file: weightsFile, message: 'cannot be read', cause: error });
  });
  const entry = model.buildFusionEntry(name, adapterNames, config);
  try {
    loadFusionTensors(entry, tensors, model.backbone.baseModelPrefix, savedName, weightsFile);
  } catch (error) {
    entry.dispose();
    throw error;
  }
  model.installFusionEntry(entry, { setActive: options.setActive });
  return name;
}

function loadFusionTensors(entry: FusionEntry, tensors: ReadonlyMap<string, StateValue>, baseModelPrefix: string, savedName: string, weightsFile: string): void {
  const prefix = `${baseModelPrefix}.`;
  const values = new Map<string, StateValue>();
  for (const [fileKey, value] of tensors) {
    const key = (fileKey.startsWith(prefix) ? fileKey.slice(prefix.length) : fileKey).split(`.adapter_fusion_layer.${savedName}.`).join(`.adapter_fusion_layer.${entry.name}.`);
    values.set(key, value);
  }
  const expected = new Set(entry.stateDict().keys());
  const missingKeys = [...expected].filter((key) => !values.has(key)).map((key) => prefix + key);
  const unexpectedKeys = [...values.keys()].filter((key) => !expected.has(key)).map((key) => prefix + key);
  if (missingKeys.length > 0 || unexpectedKeys.length > 0) throw new StateDictError({ missingKeys, unexpectedKeys, source: weightsFile });
  entry.loadStateDict(values, { source: weightsFile });
}

/** Loads saved fusion weights into an existing fusion (checkpoint reload). */
export async function restoreFusionWeights<I, O>(model: AdapterModel<I, O>, directory: string, name: string): Promise<void> {
  const json = (await readJsonFile(path.join(directory, FUSION_CONFIG_FILE))) as { name?: unknown };
  const savedName = typeof json.name === 'string' ? json.name : name;
  const weightsFile = await fusionWeightsFile(directory);
  const tensors = await readWeightsFile(weightsFile);
  loadFusionTensors(model.fusionEntry(name), tensors, model.backbone.baseModelPrefix, savedName, weightsFile);
}
