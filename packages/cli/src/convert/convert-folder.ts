// `adapters convert`: PyTorch `.bin` weights → safetensors (adapter, head, fusion, model and PEFT folders), and
// LoRA folders AdapterHub ↔ PEFT. Reads with the safe pickle reader; writes through temp files.
import { copyFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  FileFormatError,
  InvalidConfigError,
  adapterConfigFromDict,
  adapterConfigToDict,
  dumpPythonJson,
  findWeightsFile,
  openModelWeights,
  readJsonFile,
  readWeightsFile,
  writeFileAtomic,
  writeFolderAtomic,
  writeSafetensors,
} from '@adapters/core';
import { ADAPTER_WEIGHTS_FILE, LIBRARY_VERSION, PEFT_WEIGHTS_FILE, isPeftConfig, libraryToPeft, modelClassFor, peftToLibrary } from '@adapters/layers';

export type ConvertTarget = 'safetensors' | 'peft' | 'adapterhub';

/** `.bin` name → the safetensors file the same loader prefers; `true` when HF wants `{"format": "pt"}` metadata. */
const SAFETENSORS_NAMES: ReadonlyArray<[string, string, boolean]> = [
  ['pytorch_adapter.bin', 'adapter.safetensors', false],
  ['pytorch_model_head.bin', 'model_head.safetensors', false],
  ['pytorch_model_adapter_fusion.bin', 'model_adapter_fusion.safetensors', false],
  ['adapter_model.bin', 'adapter_model.safetensors', true],
];
const MODEL_BIN_FILES = new Set(['pytorch_model.bin', 'pytorch_model.bin.index.json']);

export interface ConvertOptions {
  readonly to: ConvertTarget;
  /** Adapter name in the written files (AdapterHub ↔ PEFT); default the folder's name, or the name in its config. */
  readonly name?: string;
  /** For PEFT → AdapterHub when the keys do not tell (`bert`, `roberta`, `xlm-roberta`). */
  readonly modelType?: string;
}

/** Converts `source` into `output` (created); returns the files written. */
export async function convertFolder(source: string, output: string, options: ConvertOptions): Promise<string[]> {
  if (path.resolve(source) === path.resolve(output)) {
    throw new InvalidConfigError({ path: '--output_dir', expected: 'a folder other than the source', received: output });
  }
  const sourceStat = await stat(source).catch(() => undefined);
  if (sourceStat === undefined || !sourceStat.isDirectory()) throw new InvalidConfigError({ path: 'dir', expected: 'an existing folder', received: source });
  // The whole output folder is filled beside `output` and renamed into place: never half converted.
  let written: string[] = [];
  await writeFolderAtomic(
    output,
    async (folder) => {
      const files =
        options.to === 'safetensors' ? await binToSafetensors(source, folder) : options.to === 'peft' ? await adapterHubToPeft(source, folder, options) : await peftToAdapterHub(source, folder, options);
      written = files.map((file) => path.join(output, path.relative(folder, file)));
    },
    { keepOtherEntries: true },
  );
  return written;
}

async function binToSafetensors(source: string, output: string): Promise<string[]> {
  const written: string[] = [];
  const names = await readdir(source);
  const converted = new Set<string>();
  for (const [binName, safetensorsName, withFormat] of SAFETENSORS_NAMES) {
    if (!names.includes(binName)) continue;
    const target = path.join(output, safetensorsName);
    await writeSafetensors(target, await readWeightsFile(path.join(source, binName)), withFormat ? { format: 'pt' } : undefined);
    converted.add(binName);
    written.push(target);
  }
  if (names.some((name) => MODEL_BIN_FILES.has(name))) {
    // One model.safetensors (shards merged), as transformers reads it: with {"format": "pt"}.
    const weights = await openModelWeights(source);
    if (weights !== undefined && !weights.file.includes('safetensors')) {
      const target = path.join(output, 'model.safetensors');
      await writeSafetensors(target, await weights.read(), { format: 'pt' });
      written.push(target);
      for (const name of names) if (MODEL_BIN_FILES.has(name) || /^pytorch_model-\d+-of-\d+\.bin$/.test(name)) converted.add(name);
    }
  }
  if (converted.size === 0) throw new FileFormatError({ file: source, message: 'holds no PyTorch weights to convert (pytorch_adapter.bin, pytorch_model_head.bin, pytorch_model_adapter_fusion.bin, pytorch_model.bin, adapter_model.bin)' });
  // Everything else (JSON configs, tokenizer files) is copied unchanged.
  for (const name of names) {
    if (converted.has(name)) continue;
    const file = path.join(source, name);
    if (!(await stat(file)).isFile()) continue;
    await copyFile(file, path.join(output, name));
    written.push(path.join(output, name));
  }
  return written;
}

async function adapterHubToPeft(source: string, output: string, options: ConvertOptions): Promise<string[]> {
  const configFile = path.join(source, 'adapter_config.json');
  const json = (await readJsonFile(configFile)) as Record<string, unknown>;
  if (typeof json.peft_type === 'string' || typeof json.config !== 'object' || json.config === null) {
    throw new FileFormatError({ file: configFile, field: 'config', message: 'expected an AdapterHub adapter config (convert --to adapterhub reads PEFT folders)' });
  }
  const weightsFile = await findWeightsFile(source, [ADAPTER_WEIGHTS_FILE, 'pytorch_adapter.bin']);
  if (weightsFile === undefined) throw new FileFormatError({ file: path.join(source, ADAPTER_WEIGHTS_FILE), message: 'not found (nor pytorch_adapter.bin)' });
  const name = typeof json.name === 'string' ? json.name : path.basename(path.resolve(source));
  // Through the typed config, so library defaults are filled in the same way as on load.
  const config = adapterConfigToDict(adapterConfigFromDict(json.config, configFile));
  const baseModelNameOrPath = typeof json.model_name === 'string' && json.model_name !== '' ? json.model_name : null;
  const peft = libraryToPeft(config, await readWeightsFile(weightsFile), { name, baseModelNameOrPath, source: configFile });
  const weightsTarget = path.join(output, PEFT_WEIGHTS_FILE);
  const configTarget = path.join(output, 'adapter_config.json');
  await writeSafetensors(weightsTarget, peft.tensors, { format: 'pt' });
  await writeFileAtomic(configTarget, dumpPythonJson(peft.json, { indent: 2, sortKeys: true }));
  return [configTarget, weightsTarget];
}

const BASE_PREFIXES: Readonly<Record<string, string>> = { bert: 'bert', roberta: 'roberta', 'xlm-roberta': 'roberta' };

async function peftToAdapterHub(source: string, output: string, options: ConvertOptions): Promise<string[]> {
  const configFile = path.join(source, 'adapter_config.json');
  const json = await readJsonFile(configFile);
  if (!isPeftConfig(json)) throw new FileFormatError({ file: configFile, field: 'peft_type', message: 'expected a PEFT adapter config (convert --to peft reads AdapterHub folders)' });
  const weightsFile = await findWeightsFile(source, [PEFT_WEIGHTS_FILE, 'adapter_model.bin']);
  if (weightsFile === undefined) throw new FileFormatError({ file: path.join(source, PEFT_WEIGHTS_FILE), message: 'not found (nor adapter_model.bin)' });
  const tensors = await readWeightsFile(weightsFile);
  const name = options.name ?? path.basename(path.resolve(source));
  const layerIndices = [...tensors.keys()].map((key) => /\.(\d+)\./.exec(key)).filter((match) => match !== null).map((match) => Number(match![1]));
  const numLayers = layerIndices.length === 0 ? 0 : Math.max(...layerIndices) + 1;
  const converted = peftToLibrary(json, tensors, { name, numLayers, configFile, weightsFile });
  const firstKey = converted.tensors.keys().next().value ?? '';
  const keyPrefix = /^(bert|roberta)\./.exec(firstKey)?.[1];
  const modelType = options.modelType ?? (keyPrefix === 'roberta' ? 'roberta' : keyPrefix === 'bert' ? 'bert' : undefined);
  if (modelType === undefined || BASE_PREFIXES[modelType] === undefined) {
    throw new InvalidConfigError({ path: '--model_type', expected: `the backbone's model type (${Object.keys(BASE_PREFIXES).join(', ')}); the PEFT keys do not say`, received: options.modelType });
  }
  const prefix = `${BASE_PREFIXES[modelType]}.`;
  const libraryTensors = new Map([...converted.tensors].map(([key, value]) => [key.startsWith(prefix) ? key : `${prefix}${key}`, value] as const));
  // hidden_size: the input width of an attention LoRA's A, or the length of an attention (IA)^3 vector.
  const attention = [...libraryTensors].find(([key]) => /attention\.self\.(query|key|value)\.loras\./.test(key));
  const hiddenSize = attention === undefined ? undefined : attention[0].endsWith('lora_A') ? attention[1].shape[1] : attention[1].shape[0];
  const adapterConfig = adapterConfigToDict(adapterConfigFromDict(converted.config, configFile));
  const baseModel = json.base_model_name_or_path;
  const adapterJson = {
    config: adapterConfig,
    hidden_size: hiddenSize ?? null,
    model_class: modelClassFor(modelType),
    model_name: typeof baseModel === 'string' ? baseModel : '',
    model_type: modelType,
    name,
    version: LIBRARY_VERSION,
  };
  const weightsTarget = path.join(output, ADAPTER_WEIGHTS_FILE);
  const configTarget = path.join(output, 'adapter_config.json');
  await writeSafetensors(weightsTarget, libraryTensors);
  await writeFileAtomic(configTarget, dumpPythonJson(adapterJson, { indent: 2, sortKeys: true }));
  return [configTarget, weightsTarget];
}
