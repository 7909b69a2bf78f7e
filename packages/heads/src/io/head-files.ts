// AdapterHub head folders: `head_config.json` + `model_head.safetensors`, byte-compatible with `adapters`.
import {
  FileFormatError,
  InvalidConfigError,
  PythonFloat,
  dumpPythonJson,
  parsePythonJson,
  readSourceText,
  readSourceWeights,
  serializeSafetensors,
  sourceBaseName,
  sourceFileName,
  toFileSource,
  saveFileMap,
  writeFileMap,
  type FileMap,
  type FileSource,
  type PredictionHead,
  type TensorData,
} from '@adapters/core';
import type { HeadConfigDict } from '../config/head-config-dict';
import { convertStaticHead } from '../static/convert-static-head';
import { STATIC_TO_FLEX_HEAD_MAP } from '../static/static-to-flex-head-map';

const encoder = new TextEncoder();

export const HEAD_CONFIG_FILE = 'head_config.json';
export const HEAD_WEIGHTS_FILE = 'model_head.safetensors';
export const HEAD_TORCH_WEIGHTS_FILE = 'pytorch_model_head.bin';
/** The library version our head files claim to be written by (their format). */
export const HEAD_FILES_VERSION = 'adapters.1.2.0';

/** The fields of `head_config.json` besides `config` and `name`. */
export interface HeadFileMeta {
  readonly hiddenSize: number;
  readonly modelClass: string;
  readonly modelName: string | null;
  readonly modelType: string;
  /** `adapters.x.y.z`; null for unversioned (v1) files. */
  readonly version: string | null;
}

/** What `saveHead` writes besides the head itself; `hiddenSize` defaults to the head's. */
export interface SaveHeadMeta {
  readonly hiddenSize?: number;
  /** Default `BertAdapterModel`. */
  readonly modelClass?: string;
  /** `model.model_name` (the checkpoint name); default null. */
  readonly modelName?: string | null;
  /** Default `bert`. */
  readonly modelType?: string;
  /** Default `adapters.1.2.0`; null leaves the key out (as v1 files). */
  readonly version?: string | null;
}

export interface HeadFolder {
  /** The head's saved name (`name` of the JSON; the folder name for static heads saved without one). */
  readonly name: string;
  /** The head config dict (snake_case; floats kept as `PythonFloat`). */
  readonly config: HeadConfigDict;
  readonly meta: HeadFileMeta;
  /** Head tensors with names relative to `heads.<name>.` (`1.weight`, ...). */
  readonly tensors: Map<string, TensorData>;
  /** True when the folder held a static HF head (`"config": null`) that was converted to a flex head. */
  readonly convertedFromStatic: boolean;
  readonly configFile: string;
  readonly weightsFile: string;
}

/** The state dict of a head as the library names it: `heads.<name>.<param>`, tied parameters included. */
export async function headStateDict(head: PredictionHead, prefix = `heads.${head.name}.`): Promise<Map<string, TensorData>> {
  const tensors = new Map<string, TensorData>();
  for (const [name, variable] of head.namedParameters()) {
    if (variable.dtype !== 'float32' && variable.dtype !== 'int32') {
      throw new InvalidConfigError({ path: name, expected: 'a float32 or int32 parameter', received: variable.dtype, source: `head '${head.name}'` });
    }
    const values = (await variable.data()) as Float32Array | Int32Array;
    tensors.set(`${prefix}${name}`, { dtype: variable.dtype, shape: variable.shape, values });
  }
  return tensors;
}

/**
 * `save_head`: writes `head_config.json` (`json.dump(indent=2, sort_keys=True)`, no trailing newline) and
 * `model_head.safetensors` (keys `heads.<name>.<param>`, tied LM decoder included, no metadata), as one folder
 * filled beside `directory` and renamed into place (other files already in `directory` are kept).
 */
export async function saveHead(head: PredictionHead, directory: string, meta: SaveHeadMeta = {}): Promise<void> {
  const files = await headFiles(head, meta);
  await saveFileMap(directory, files);
}

/** The files of `saveHead`, written into an existing folder (a temp folder being filled). */
export async function writeHeadFiles(head: PredictionHead, directory: string, meta: SaveHeadMeta = {}): Promise<void> {
  await writeFileMap(directory, await headFiles(head, meta));
}

/** The files `saveHead` writes, as bytes: `head_config.json` and `model_head.safetensors`. Works anywhere. */
export async function headFiles(head: PredictionHead, meta: SaveHeadMeta = {}): Promise<FileMap> {
  const hiddenSize = meta.hiddenSize ?? (head as { hiddenSize?: unknown }).hiddenSize;
  if (typeof hiddenSize !== 'number' || !Number.isSafeInteger(hiddenSize)) {
    throw new InvalidConfigError({ path: 'hiddenSize', expected: 'the model hidden size (the head does not know it)', received: hiddenSize });
  }
  const json: Record<string, unknown> = {
    config: head.headConfig(),
    hidden_size: hiddenSize,
    model_class: meta.modelClass ?? 'BertAdapterModel',
    model_name: meta.modelName ?? null,
    model_type: meta.modelType ?? 'bert',
    name: head.name,
  };
  const version = meta.version === undefined ? HEAD_FILES_VERSION : meta.version;
  if (version !== null) json.version = version;
  const tensors = await headStateDict(head);
  return new Map([
    [HEAD_CONFIG_FILE, encoder.encode(dumpPythonJson(json, { indent: 2, sortKeys: true }))],
    [HEAD_WEIGHTS_FILE, serializeSafetensors(tensors)],
  ]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat);
}

function requireField<T>(json: Record<string, unknown>, field: string, file: string, check: (value: unknown) => value is T, expected: string): T {
  const value = json[field];
  if (!check(value)) throw new FileFormatError({ file, field, message: `expected ${expected}, found ${describeValue(value)}` });
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

async function readConfigJson(source: FileSource, configFile: string): Promise<Record<string, unknown>> {
  const missing = 'cannot be read (is this a head folder?)';
  let text: string | undefined;
  try {
    text = await readSourceText(source, HEAD_CONFIG_FILE);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'io') throw error;
    throw new FileFormatError({ file: configFile, message: missing, cause: error });
  }
  if (text === undefined) throw new FileFormatError({ file: configFile, message: missing });
  // Python's json keeps 0.1 and 1.0 apart from ints; parsePythonJson does too, so floats are written back as floats.
  const json = parsePythonJson(text, configFile);
  if (!isRecord(json)) throw new FileFormatError({ file: configFile, message: 'expected a JSON object' });
  return json;
}

/** As the library: safetensors when present, else the torch.save pickle (read without running it). */
async function readWeights(source: FileSource): Promise<{ file: string; tensors: Map<string, TensorData> }> {
  const weights = await readSourceWeights(source, [HEAD_WEIGHTS_FILE, HEAD_TORCH_WEIGHTS_FILE]);
  if (weights === undefined) throw new FileFormatError({ file: sourceFileName(source, HEAD_WEIGHTS_FILE), message: `not found (nor ${HEAD_TORCH_WEIGHTS_FILE})` });
  return weights;
}

/**
 * Reads a head folder (a path or any `FileSource`) written by `save_head` / `saveHead`. Flex heads give their config dict and their tensors
 * relative to `heads.<name>.`; a static HF head (`"config": null`, e.g. from `BertForSequenceClassification`) is
 * converted with `convertStaticHead`. Every problem is a `FileFormatError` naming the file and field.
 */
export async function readHeadFolder(directoryOrSource: string | FileSource): Promise<HeadFolder> {
  const source = toFileSource(directoryOrSource);
  const configFile = sourceFileName(source, HEAD_CONFIG_FILE);
  const json = await readConfigJson(source, configFile);
  const meta: HeadFileMeta = {
    hiddenSize: requireField(json, 'hidden_size', configFile, isInteger, 'an integer'),
    modelClass: requireField(json, 'model_class', configFile, isString, 'a model class name'),
    modelName: json.model_name === undefined ? null : requireField(json, 'model_name', configFile, isNullableString, 'a string or null'),
    modelType: requireField(json, 'model_type', configFile, isString, 'a model type'),
    version: json.version === undefined ? null : requireField(json, 'version', configFile, isNullableString, 'a version string'),
  };
  const savedName = json.name === undefined || json.name === null ? null : requireField(json, 'name', configFile, isString, 'a head name');

  if (json.config === null || json.config === undefined) {
    if (STATIC_TO_FLEX_HEAD_MAP[meta.modelClass] === undefined) {
      throw new FileFormatError({
        file: configFile,
        field: 'config',
        message: `is null (a static head of '${meta.modelClass}'), and only these classes can be converted: ${Object.keys(STATIC_TO_FLEX_HEAD_MAP).join(', ')}`,
      });
    }
    const label2id = isRecord(json.label2id) ? (json.label2id as Record<string, number>) : undefined;
    const numLabels = isInteger(json.num_labels) ? json.num_labels : undefined;
    const { file: weightsFile, tensors: fileTensors } = await readWeights(source);
    const converted = convertStaticHead(meta.modelClass, fileTensors, { label2id, numLabels, hiddenSize: meta.hiddenSize });
    const name = savedName ?? sourceBaseName(source);
    return { name, config: converted.headConfig, meta, tensors: converted.tensors, convertedFromStatic: true, configFile, weightsFile };
  }
  if (!isRecord(json.config)) throw new FileFormatError({ file: configFile, field: 'config', message: 'expected an object with the head config, or null' });
  if (typeof json.config.head_type !== 'string') throw new FileFormatError({ file: configFile, field: 'config.head_type', message: 'expected the head type name' });
  if (savedName === null) throw new FileFormatError({ file: configFile, field: 'name', message: 'expected the head name' });

  const { file: weightsFile, tensors: fileTensors } = await readWeights(source);
  const prefix = `heads.${savedName}.`;
  const tensors = new Map<string, TensorData>();
  const stray: string[] = [];
  for (const [key, value] of fileTensors) {
    if (key.startsWith(prefix) && key.length > prefix.length) tensors.set(key.slice(prefix.length), value);
    else stray.push(key);
  }
  if (stray.length > 0) {
    throw new FileFormatError({ file: weightsFile, message: `holds tensors outside '${prefix}*' (the head is named '${savedName}'): ${stray.slice(0, 5).join(', ')}` });
  }
  return { name: savedName, config: json.config, meta, tensors, convertedFromStatic: false, configFile, weightsFile };
}
