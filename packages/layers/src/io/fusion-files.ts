// AdapterHub fusion folders: `adapter_fusion_config.json` + `model_adapter_fusion.safetensors`.
import {
  AdaptersError,
  FileFormatError,
  StateDictError,
  ShapeMismatchError,
  adapterFusionConfigFromDict,
  adapterFusionConfigToDict,
  readSourceJson,
  readSourceWeights,
  serializeSafetensors,
  sourceBaseName,
  sourceFileName,
  toFileSource,
  saveFileMap,
  type FileMap,
  type FileSource,
  type SourceWeights,
  type StateValue,
  type TensorData,
  nodeModule,
} from '@adapters/core';
import type { FusionEntry } from '../fusion/fusion-entry';
import type { AdapterModel } from '../model/adapter-model';
import { LIBRARY_VERSION, jsonFileBytes, modelClassFor } from './adapter-files';

const path = nodeModule<typeof import('node:path')>('node:path');

export const FUSION_CONFIG_FILE = 'adapter_fusion_config.json';
export const FUSION_WEIGHTS_FILE = 'model_adapter_fusion.safetensors';
export const FUSION_TORCH_WEIGHTS_FILE = 'pytorch_model_adapter_fusion.bin';

/** The fusion weights of a folder: safetensors when present, else the library's default `.bin`. */
async function readFusionWeights(source: FileSource): Promise<SourceWeights> {
  const missingFile = sourceFileName(source, FUSION_WEIGHTS_FILE);
  const weights = await readSourceWeights(source, [FUSION_WEIGHTS_FILE, FUSION_TORCH_WEIGHTS_FILE]).catch((error: unknown) => {
    throw AdaptersError.isInstance(error) && (error.code === 'torch-checkpoint' || error.code === 'file-source') ? error : new FileFormatError({ file: missingFile, message: 'cannot be read', cause: error });
  });
  if (weights === undefined) throw new FileFormatError({ file: missingFile, message: 'cannot be read' });
  return weights;
}

/** Writes one fusion (`save_adapter_fusion`) as one folder, filled beside `directory` and renamed into place. */
export async function saveAdapterFusion<I, O>(model: AdapterModel<I, O>, directory: string, name: string): Promise<void> {
  const files = await adapterFusionFiles(model, name);
  await saveFileMap(directory, files);
}

/** The files `saveAdapterFusion` writes, as bytes: `adapter_fusion_config.json` and `model_adapter_fusion.safetensors`. */
export async function adapterFusionFiles<I, O>(model: AdapterModel<I, O>, name: string): Promise<FileMap> {
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
  return new Map([
    [FUSION_CONFIG_FILE, jsonFileBytes(json)],
    [FUSION_WEIGHTS_FILE, serializeSafetensors(tensors)],
  ]);
}

/** `save_all_adapter_fusions`: one folder per fusion, named after it (commas included). */
export async function saveAllAdapterFusions<I, O>(model: AdapterModel<I, O>, directory: string): Promise<void> {
  for (const name of model.fusionNames()) await saveAdapterFusion(model, path.join(directory, name), name);
}

/** Loads a fusion folder (a path or any `FileSource`); the fused adapters must already be loaded. Nothing is added on failure. */
export async function loadAdapterFusion<I, O>(
  model: AdapterModel<I, O>,
  directoryOrSource: string | FileSource,
  options: { loadAs?: string; setActive?: boolean } = {},
): Promise<string> {
  const source = toFileSource(directoryOrSource);
  const configFile = sourceFileName(source, FUSION_CONFIG_FILE);
  const json = (await readSourceJson(source, FUSION_CONFIG_FILE)) as Record<string, unknown>;
  const savedName = typeof json.name === 'string' ? json.name : sourceBaseName(source);
  const adapterNames = Array.isArray(json.adapter_names) ? (json.adapter_names as string[]) : savedName.split(',');
  if (typeof json.hidden_size === 'number' && json.hidden_size !== model.backbone.hiddenSize) {
    throw new ShapeMismatchError({ key: 'hidden_size', expected: [model.backbone.hiddenSize], actual: [json.hidden_size], source: configFile });
  }
  const config = adapterFusionConfigFromDict(json.config, undefined, configFile);
  const name = options.loadAs ?? savedName;
  const weights = await readFusionWeights(source);
  const entry = model.buildFusionEntry(name, adapterNames, config);
  try {
    loadFusionTensors(entry, weights.tensors, model.backbone.baseModelPrefix, savedName, weights.file);
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
export async function restoreFusionWeights<I, O>(model: AdapterModel<I, O>, directoryOrSource: string | FileSource, name: string): Promise<void> {
  const source = toFileSource(directoryOrSource);
  const json = (await readSourceJson(source, FUSION_CONFIG_FILE)) as { name?: unknown };
  const savedName = typeof json.name === 'string' ? json.name : name;
  const weights = await readFusionWeights(source);
  loadFusionTensors(model.fusionEntry(name), weights.tensors, model.backbone.baseModelPrefix, savedName, weights.file);
}
