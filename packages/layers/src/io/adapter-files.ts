// AdapterHub adapter folders: `adapter_config.json` + `adapter.safetensors`, byte-compatible with `adapters`.
import {
  FileFormatError,
  InvalidConfigError,
  ShapeMismatchError,
  StateDictError,
  adapterConfigFromDict,
  adapterConfigHash,
  adapterConfigToDict,
  dumpPythonJson,
  readSourceJson,
  readSourceWeights,
  serializeSafetensors,
  sourceBaseName,
  sourceFileName,
  toFileSource,
  saveFileMap,
  writeFileMap,
  type AdapterConfig,
  type FileMap,
  type FileSource,
  type SourceWeights,
  type StateValue,
  type TensorData,
  nodeModule,
} from '@adapters/core';
import { AdapterEntry } from '../model/adapter-entry';
import type { AdapterModel } from '../model/adapter-model';
import type { AdapterTypeName } from '../model/model-adapters-config';

const path = nodeModule<typeof import('node:path')>('node:path');

export const ADAPTER_CONFIG_FILE = 'adapter_config.json';
export const ADAPTER_WEIGHTS_FILE = 'adapter.safetensors';
export const ADAPTER_TORCH_WEIGHTS_FILE = 'pytorch_adapter.bin';
/** The library version our files claim to be written by (their format). */
export const LIBRARY_VERSION = 'adapters.1.2.0';

const MODEL_CLASSES: Readonly<Record<string, string>> = {
  bert: 'BertAdapterModel',
  roberta: 'RobertaAdapterModel',
  'xlm-roberta': 'XLMRobertaAdapterModel',
  gpt2: 'GPT2AdapterModel',
  llama: 'LlamaAdapterModel',
};

/** v1 module container names → current (`legacy_weights_mapping`). */
const LEGACY_KEY_RENAMES: ReadonlyArray<[RegExp, string]> = [
  [/\.(attention_text_task_adapters|attention_text_lang_adapters|layer_text_task_adapters|layer_text_lang_adapters)\./g, '.adapters.'],
  [/(^|\.)invertible_lang_adapters\./g, '$1invertible_adapters.'],
];

/** Unversioned (v1) files meant the tanh GELU by `gelu` (`ACTIVATION_RENAME`). */
const LEGACY_ACTIVATIONS: Readonly<Record<string, string>> = { gelu: 'gelu_new', gelu_orig: 'gelu' };

export interface SaveAdapterOptions {
  /** Write `config_id` (the config hash), as `save_all_adapters` does. */
  readonly withConfigId?: boolean;
  /** `peft`: write a LoRA as an HF PEFT folder (`adapter_model.safetensors`) instead of AdapterHub's. */
  readonly format?: 'adapterhub' | 'peft';
}

export interface LoadAdapterOptions {
  /** Load under another name. */
  readonly loadAs?: string;
  /** Layers to leave out (merged into the config's `leave_out`). */
  readonly leaveOut?: readonly number[];
  /** Override the config stored in the file. */
  readonly config?: AdapterConfig | Readonly<Record<string, unknown>>;
  /** Activate the loaded adapter. */
  readonly setActive?: boolean;
  /** Seed-era adapter type to record. */
  readonly adapterType?: AdapterTypeName;
}

const encoder = new TextEncoder();

/** The adapter weights of a folder: safetensors when present (the library's preference), else `pytorch_adapter.bin`. */
async function readAdapterWeights(source: FileSource): Promise<SourceWeights> {
  const weights = await readSourceWeights(source, [ADAPTER_WEIGHTS_FILE, ADAPTER_TORCH_WEIGHTS_FILE]);
  if (weights === undefined) throw new FileFormatError({ file: sourceFileName(source, ADAPTER_WEIGHTS_FILE), message: `not found (nor ${ADAPTER_TORCH_WEIGHTS_FILE})` });
  return weights;
}

/** A JSON file as the library writes it (`json.dump(indent=2, sort_keys=True)`), as UTF-8 bytes. */
export function jsonFileBytes(json: unknown): Uint8Array {
  return encoder.encode(dumpPythonJson(json, { indent: 2, sortKeys: true }));
}

/** `BertAdapterModel`, `RobertaAdapterModel`, ...: the `model_class` field of AdapterHub files. */
export function modelClassFor(modelType: string): string {
  return MODEL_CLASSES[modelType] ?? `${modelType}AdapterModel`;
}

/** The full state dict of one adapter as the library names it: `<prefix>.<path>`, aliases included. */
export async function adapterStateDict(entry: AdapterEntry, prefix: string): Promise<Map<string, TensorData>> {
  const tensors = new Map<string, TensorData>();
  const byName = new Map(entry.namedParameters());
  for (const [name, variable] of byName) {
    tensors.set(`${prefix}.${name}`, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
  }
  for (const [alias, canonical] of entry.parameterAliases()) {
    const value = tensors.get(`${prefix}.${canonical}`);
    if (value !== undefined) tensors.set(`${prefix}.${alias}`, value);
  }
  return tensors;
}

/**
 * Writes `adapter_config.json` and `adapter.safetensors` for one adapter (`save_adapter`), as one folder:
 * filled beside `directory` and renamed into place (other files already in `directory` are kept).
 */
export async function saveAdapter<I, O>(model: AdapterModel<I, O>, directory: string, name: string, options: SaveAdapterOptions = {}): Promise<void> {
  const files = await adapterFiles(model, name, options);
  await saveFileMap(directory, files);
}

/** The files of `saveAdapter`, written into an existing folder (a temp folder being filled). */
export async function writeAdapterFiles<I, O>(model: AdapterModel<I, O>, directory: string, name: string, options: SaveAdapterOptions = {}): Promise<void> {
  await writeFileMap(directory, await adapterFiles(model, name, options));
}

/**
 * The files `saveAdapter` writes, as bytes: `adapter_config.json` and `adapter.safetensors` (AdapterHub's
 * format). Works anywhere (a page can offer them for download).
 */
export async function adapterFiles<I, O>(model: AdapterModel<I, O>, name: string, options: SaveAdapterOptions = {}): Promise<FileMap> {
  const entry = model.adapterEntry(name);
  const backbone = model.backbone;
  const json: Record<string, unknown> = {
    config: adapterConfigToDict(entry.config),
    hidden_size: backbone.hiddenSize,
    model_class: modelClassFor(backbone.modelType),
    // The library writes the config's name_or_path, '' for a model not loaded with from_pretrained.
    model_name: backbone.modelName ?? '',
    model_type: backbone.modelType,
    name,
    version: LIBRARY_VERSION,
  };
  if (options.withConfigId === true) json.config_id = adapterConfigHash(entry.config);
  const tensors = await adapterStateDict(entry, backbone.baseModelPrefix);
  return new Map([
    [ADAPTER_CONFIG_FILE, jsonFileBytes(json)],
    [ADAPTER_WEIGHTS_FILE, serializeSafetensors(tensors)],
  ]);
}

/** `save_all_adapters`: one sub-folder per adapter, each JSON with its `config_id`. */
export async function saveAllAdapters<I, O>(model: AdapterModel<I, O>, directory: string): Promise<void> {
  for (const name of model.adapterNames()) {
    await saveAdapter(model, path.join(directory, name), name, { withConfigId: true });
  }
}

function parseVersion(version: unknown): [number, number, number] | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^adapters\.(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match === null ? undefined : [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Applies the compatibility rules for old files to the raw config dict. */
function fixLegacyConfig(raw: Record<string, unknown>, version: unknown): Record<string, unknown> {
  const fixed: Record<string, unknown> = { ...raw };
  if (version === undefined || version === null) {
    const activation = fixed.non_linearity;
    if (typeof activation === 'string' && LEGACY_ACTIVATIONS[activation] !== undefined) fixed.non_linearity = LEGACY_ACTIVATIONS[activation];
  }
  const parsed = parseVersion(version);
  const beforeAlphaFix = parsed !== undefined && (parsed[0] < 1 || (parsed[0] === 1 && parsed[1] < 1));
  const fixLoRA = (config: Record<string, unknown>): Record<string, unknown> =>
    beforeAlphaFix && config.architecture === 'lora' && typeof config.r === 'number' && config.r !== config.alpha ? { ...config, alpha: config.r } : config;
  if (fixed.architecture === 'union' && Array.isArray(fixed.configs)) {
    fixed.configs = (fixed.configs as Record<string, unknown>[]).map(fixLoRA);
    return fixed;
  }
  return fixLoRA(fixed);
}

function withLeaveOut(config: AdapterConfig, leaveOut: readonly number[] | undefined): AdapterConfig {
  if (leaveOut === undefined || leaveOut.length === 0) return config;
  const merge = (existing: readonly number[]): number[] => [...new Set([...existing, ...leaveOut])].sort((a, b) => a - b);
  if (config.architecture === 'union') {
    return { ...config, configs: config.configs.map((part) => ('leaveOut' in part ? { ...part, leaveOut: merge(part.leaveOut) } : part)) } as AdapterConfig;
  }
  return 'leaveOut' in config ? ({ ...config, leaveOut: merge(config.leaveOut) } as AdapterConfig) : config;
}

/** Substrings that put a key in an adapter's state dict (`AdapterLoader.filter_func`), followed by `<name>.`. */
const ADAPTER_KEY_MARKERS = ['.adapters.', '.loras.', '.prefix_tunings.', '.prefix_gates.', '.prompt_tunings.', '.refts.', 'invertible_adapters.', '.shared_parameters.'];

function belongsTo(key: string, name: string): boolean {
  return ADAPTER_KEY_MARKERS.some((marker) =>
    key.includes(`${marker}${name}.`),
  );
}

function renameAdapter(key: string, from: string, to: string): string {
  if (from === to) return key;
  let renamed = key;
  for (const marker of ADAPTER_KEY_MARKERS) {
    renamed = renamed.split(`${marker}${from}.`).join(`${marker}${to}.`);
  }
  return renamed;
}

/**
 * Loads an AdapterHub adapter folder (`load_adapter`): a path or any `FileSource`. Legacy v1 key names and
 * unversioned `gelu` are handled, as is the LoRA alpha rule for `adapters` < 1.1.0 files. The adapter is
 * registered only after every weight loaded; on any error nothing is added.
 */
export async function loadAdapter<I, O>(model: AdapterModel<I, O>, directoryOrSource: string | FileSource, options: LoadAdapterOptions = {}): Promise<string> {
  const source = toFileSource(directoryOrSource);
  const configFile = sourceFileName(source, ADAPTER_CONFIG_FILE);
  const json = (await readSourceJson(source, ADAPTER_CONFIG_FILE)) as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || typeof json.config !== 'object' || json.config === null) {
    throw new FileFormatError({ file: configFile, field: 'config', message: 'expected an object with the adapter config' });
  }
  const backbone = model.backbone;
  if (typeof json.hidden_size === 'number' && json.hidden_size !== backbone.hiddenSize) {
    throw new ShapeMismatchError({ key: 'hidden_size', expected: [backbone.hiddenSize], actual: [json.hidden_size], source: configFile });
  }
  const savedName = typeof json.name === 'string' ? json.name : sourceBaseName(source);
  const name = options.loadAs ?? savedName;
  const rawConfig =
    options.config !== undefined && 'architecture' in options.config && typeof (options.config as AdapterConfig).architecture === 'string' && !('mh_adapter' in options.config)
      ? (options.config as AdapterConfig)
      : adapterConfigFromDict(fixLegacyConfig((options.config ?? json.config) as Record<string, unknown>, json.version), configFile);
  const config = withLeaveOut(rawConfig, options.leaveOut);

  const weights = await readAdapterWeights(source);
  const entry = new AdapterEntry(name, config, backbone);
  try {
    loadEntryTensors(entry, weights.tensors, backbone.baseModelPrefix, savedName, weights.file);
  } catch (error) {
    entry.dispose();
    throw error;
  }
  model.installEntry(name, config, options.adapterType, { setActive: options.setActive }, entry);
  return name;
}

/** `<layer path>.prefix_tuning.pool.prefix_tunings.<name>.<param>`: a layer's view of the shared prefix pool. */
const PREFIX_POOL_COPY = /^.+\.prefix_tuning\.pool\.(prefix_tunings\..+)$/;

/**
 * The library's `.bin` files (prefix tuning, MAM) also hold each layer's reference to the prefix pool under its
 * own name; they are the same tensors as `prefix_tuning.prefix_tunings.*`. Returns true for such a copy once it
 * is checked to equal the pooled tensor (anything else is an error naming the key).
 */
function isPrefixPoolCopy(key: string, fileKey: string, tensors: ReadonlyMap<string, TensorData>, prefix: string, weightsFile: string): boolean {
  const match = PREFIX_POOL_COPY.exec(key);
  if (match === null) return false;
  const pooledKey = [`${prefix}prefix_tuning.${match[1]}`, `prefix_tuning.${match[1]}`].find((candidate) => tensors.has(candidate));
  const copy = tensors.get(fileKey)!;
  const pooled = pooledKey === undefined ? undefined : tensors.get(pooledKey)!;
  const equal =
    pooled !== undefined &&
    pooled.shape.length === copy.shape.length &&
    pooled.shape.every((size, axis) => size === copy.shape[axis]) &&
    pooled.values.length === copy.values.length &&
    pooled.values.every((value, index) => Object.is(value, copy.values[index]));
  if (!equal) {
    throw new FileFormatError({
      file: weightsFile,
      field: fileKey,
      message:
        pooled === undefined
          ? `a per-layer copy of the prefix pool, but the pooled tensor ${prefix}prefix_tuning.${match[1]} is not in the file`
          : `a per-layer copy of the prefix pool that differs from the pooled tensor ${pooledKey} (expected the same tensor)`,
    });
  }
  return true;
}

/**
 * Loads an adapter's tensors into an entry, strictly: keys are mapped from the file's names (prefix, v1
 * container names, the saved adapter name) to the entry's; missing or unexpected keys are a `StateDictError`,
 * wrong shapes a `ShapeMismatchError`; nothing is written unless everything matches. `weightsFile` names the
 * tensors' file in errors.
 */
export function loadEntryTensors(entry: AdapterEntry, tensors: ReadonlyMap<string, TensorData>, baseModelPrefix: string, savedName: string, weightsFile: string): void {
  const prefix = `${baseModelPrefix}.`;
  const config = entry.config;
  const values = new Map<string, StateValue>();
  const leftOut = new Set(config.architecture === 'union' ? [] : 'leaveOut' in config ? config.leaveOut : []);
  for (const [fileKey, value] of tensors) {
    let key = fileKey.startsWith(prefix) ? fileKey.slice(prefix.length) : fileKey;
    if (isPrefixPoolCopy(key, fileKey, tensors, prefix, weightsFile)) continue;
    for (const [pattern, replacement] of LEGACY_KEY_RENAMES) key = key.replace(pattern, replacement);
    if (!belongsTo(`.${key}`, savedName)) continue;
    key = renameAdapter(`.${key}`, savedName, entry.name).slice(1);
    const layer = /^encoder\.layer\.(\d+)\./.exec(key);
    if (layer !== null && leftOut.has(Number(layer[1]))) continue;
    values.set(key, value);
  }
  for (const [alias, canonical] of entry.parameterAliases()) {
    const aliasValue = values.get(alias);
    if (aliasValue !== undefined && !values.has(canonical)) values.set(canonical, aliasValue);
    values.delete(alias);
  }
  const expected = new Set(entry.stateDict().keys());
  const missingKeys = [...expected].filter((key) => !values.has(key)).map((key) => `${prefix}${key}`);
  const unexpectedKeys = [...values.keys()].filter((key) => !expected.has(key)).map((key) => `${prefix}${key}`);
  const missingRule = missingKeys.find((key) => key.endsWith(`shared_parameters.${entry.name}.phm_rule`));
  if (missingRule !== undefined && unexpectedKeys.length === 0) {
    throw new FileFormatError({
      file: weightsFile,
      field: missingRule.replace(`.${entry.name}.`, `.${savedName}.`),
      message:
        'missing: the shared PHM rule of this Compacter adapter is not in the file. adapters 1.0.x saved Compacter adapters without it (a bug of that version), so the file cannot be loaded; re-train it, or save it again from adapters >= 1.1 with the rule in place',
    });
  }
  if (missingKeys.length > 0 || unexpectedKeys.length > 0) {
    throw new StateDictError({ missingKeys, unexpectedKeys, source: weightsFile });
  }
  entry.loadStateDict(values, { source: weightsFile });
}

/** Loads saved weights into an existing adapter (checkpoint reload): trainable flags and activation are kept. */
export async function restoreAdapterWeights<I, O>(model: AdapterModel<I, O>, directoryOrSource: string | FileSource, name: string): Promise<void> {
  const source = toFileSource(directoryOrSource);
  const entry = model.adapterEntry(name);
  const json = (await readSourceJson(source, ADAPTER_CONFIG_FILE)) as { name?: unknown };
  const savedName = typeof json.name === 'string' ? json.name : name;
  const weights = await readAdapterWeights(source);
  loadEntryTensors(entry, weights.tensors, model.backbone.baseModelPrefix, savedName, weights.file);
}

export function assertAdapterName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') throw new InvalidConfigError({ path: 'name', expected: 'an adapter name', received: name });
}
