import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidConfigError, readJsonFile, readSafetensorsHeader, readTorchCheckpoint } from '@adapters/core';

/** One thing a folder holds: a model, an adapter, a head, a fusion, a PEFT adapter, or a trainer checkpoint. */
export interface FolderPart {
  readonly kind: 'model' | 'adapter' | 'head' | 'fusion' | 'peft-adapter' | 'checkpoint' | 'training-run';
  readonly name: string | undefined;
  /** `[label, value]` lines: config summary, what it was trained for, ... */
  readonly details: ReadonlyArray<readonly [string, string]>;
  readonly weightsFile: string | undefined;
  /** Undefined when the folder has no weights file. */
  readonly tensorCount: number | undefined;
  readonly parameterCount: number | undefined;
}

export interface FolderDescription {
  readonly folder: string;
  readonly parts: readonly FolderPart[];
  /** Sub-folders that hold something (an output dir's adapters, a checkpoint's contents). */
  readonly children: readonly FolderDescription[];
}

type Json = Record<string, unknown>;

// Config fields worth a glance, per kind, in this order.
const ADAPTER_FIELDS = ['reduction_factor', 'non_linearity', 'mh_adapter', 'output_adapter', 'is_parallel', 'scaling', 'inv_adapter', 'r', 'alpha', 'selfattn', 'intermediate_lora', 'output_lora', 'prefix_length', 'bottleneck_size', 'prompt_length', 'leave_out'];
const HEAD_FIELDS = ['num_labels', 'layers', 'activation_function', 'use_pooler', 'num_choices'];
const FUSION_FIELDS = ['key', 'query', 'value', 'regularization', 'residual_before', 'temperature', 'value_initialized', 'dropout_prob'];

/**
 * What an HF/AdapterHub/PEFT folder holds, read from its JSON files and safetensors headers (no weights are
 * loaded). A folder of folders (an output dir, a checkpoint) is described one level down, recursively.
 */
export async function describeFolder(folder: string, depth = 0): Promise<FolderDescription> {
  const info = await stat(folder).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new InvalidConfigError({ path: 'dir', expected: 'an existing folder (a model, adapter, head or fusion folder)', received: folder });
  }
  const file = (name: string): string => path.join(folder, name);
  const parts: FolderPart[] = [];
  if (existsSync(file('adapter_config.json')) && existsSync(file('adapter_model.safetensors'))) {
    parts.push(await peftPart(folder));
  } else if (existsSync(file('adapter_config.json'))) {
    parts.push(await adapterPart(folder));
  }
  if (existsSync(file('head_config.json'))) parts.push(await headPart(folder));
  if (existsSync(file('adapter_fusion_config.json'))) parts.push(await fusionPart(folder));
  if (existsSync(file('config.json')) && (existsSync(file('model.safetensors')) || existsSync(file('pytorch_model.bin')))) parts.push(await modelPart(folder));
  if (existsSync(file('trainer_state.json'))) parts.push(await trainerStatePart(folder));

  const children: FolderDescription[] = [];
  if (depth < 3) {
    const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'));
    for (const entry of entries.sort((left, right) => left.name.localeCompare(right.name, 'en', { numeric: true }))) {
      const child = await describeFolder(path.join(folder, entry.name), depth + 1);
      if (child.parts.length > 0 || child.children.length > 0) children.push(child);
    }
  }
  return { folder, parts, children };
}

/** The description as indented text lines. */
export function formatFolderDescription(description: FolderDescription, indent = ''): string[] {
  const lines: string[] = [];
  const kinds = description.parts.map((part) => (part.name === undefined ? part.kind : `${part.kind} '${part.name}'`));
  lines.push(`${indent}${description.folder}: ${kinds.length > 0 ? kinds.join(' + ') : 'folder'}`);
  for (const part of description.parts) {
    const label = description.parts.length > 1 ? `${part.kind} ` : '';
    for (const [key, value] of part.details) lines.push(`${indent}  ${label}${key}: ${value}`);
    if (part.weightsFile !== undefined) {
      const counts = `${part.tensorCount ?? 0} tensors, ${(part.parameterCount ?? 0).toLocaleString('en-US')} parameters`;
      lines.push(`${indent}  ${label}weights: ${path.basename(part.weightsFile)}, ${counts}`);
    }
  }
  for (const child of description.children) lines.push(...formatFolderDescription(child, `${indent}  `));
  return lines;
}

async function readJson(file: string): Promise<Json> {
  const value = await readJsonFile(file);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

async function weights(folder: string, names: readonly string[]): Promise<Pick<FolderPart, 'weightsFile' | 'tensorCount' | 'parameterCount'>> {
  for (const name of names) {
    const file = path.join(folder, name);
    if (!existsSync(file)) continue;
    if (!name.endsWith('.safetensors')) {
      // A pickle has no header: read it whole, through the safe reader (no pickle code runs).
      const tensors = [...(await readTorchCheckpoint(file)).values()];
      return { weightsFile: file, tensorCount: tensors.length, parameterCount: tensors.reduce((total, tensor) => total + tensor.values.length, 0) };
    }
    const header = await readSafetensorsHeader(file);
    const parameterCount = header.entries.reduce((total, entry) => total + entry.shape.reduce((product, size) => product * size, 1), 0);
    return { weightsFile: file, tensorCount: header.entries.length, parameterCount };
  }
  return { weightsFile: undefined, tensorCount: undefined, parameterCount: undefined };
}

function fields(config: Json, names: readonly string[]): string {
  return names
    .filter((name) => config[name] !== undefined && config[name] !== null)
    .map((name) => `${name}=${JSON.stringify(config[name])}`)
    .join(', ');
}

function trainedFor(json: Json): readonly [string, string] {
  const model = [json.model_type, json.model_name === undefined || json.model_name === null ? undefined : `'${String(json.model_name)}'`].filter((value) => value !== undefined).join(' ');
  const extra = [json.hidden_size === undefined ? undefined : `hidden size ${String(json.hidden_size)}`, json.model_class, json.version].filter((value) => value !== undefined);
  return ['for', [model || 'unknown model', ...extra.map(String)].join(', ')];
}

async function adapterPart(folder: string): Promise<FolderPart> {
  const json = await readJson(path.join(folder, 'adapter_config.json'));
  const config = (typeof json.config === 'object' && json.config !== null ? json.config : {}) as Json;
  const architecture = typeof config.architecture === 'string' ? config.architecture : 'bottleneck';
  const details: Array<[string, string]> = [['method', architecture + (typeof json.type === 'string' ? ` (${json.type})` : '')]];
  if (architecture === 'union' && Array.isArray(config.configs)) {
    details.push(['configs', (config.configs as Json[]).map((member) => `${String(member.architecture ?? 'bottleneck')}[${fields(member, ADAPTER_FIELDS)}]`).join(' | ')]);
  } else {
    details.push(['config', fields(config, ADAPTER_FIELDS) || '(defaults)']);
  }
  details.push([...trainedFor(json)]);
  return { kind: 'adapter', name: typeof json.name === 'string' ? json.name : undefined, details, ...(await weights(folder, ['adapter.safetensors', 'pytorch_adapter.bin'])) };
}

async function headPart(folder: string): Promise<FolderPart> {
  const json = await readJson(path.join(folder, 'head_config.json'));
  const config = (typeof json.config === 'object' && json.config !== null ? json.config : {}) as Json;
  const label2id = (config.label2id ?? json.label2id) as Record<string, number> | undefined;
  const details: Array<[string, string]> = [['type', String(config.head_type ?? 'static (HF classifier)')]];
  const summary = fields({ ...config, num_labels: config.num_labels ?? json.num_labels }, HEAD_FIELDS);
  if (summary !== '') details.push(['config', summary]);
  if (label2id !== undefined && label2id !== null) {
    const labels = Object.entries(label2id).sort(([, left], [, right]) => left - right).map(([label]) => label);
    details.push(['labels', labels.join(', ')]);
  }
  details.push([...trainedFor(json)]);
  return { kind: 'head', name: typeof json.name === 'string' ? json.name : undefined, details, ...(await weights(folder, ['model_head.safetensors', 'pytorch_model_head.bin'])) };
}

async function fusionPart(folder: string): Promise<FolderPart> {
  const json = await readJson(path.join(folder, 'adapter_fusion_config.json'));
  const config = (typeof json.config === 'object' && json.config !== null ? json.config : {}) as Json;
  const adapters = Array.isArray(json.adapter_names) ? (json.adapter_names as string[]) : typeof json.name === 'string' ? json.name.split(',') : [];
  const details: Array<[string, string]> = [
    ['fuses', adapters.join(', ')],
    ['config', fields(config, FUSION_FIELDS)],
    [...trainedFor(json)],
  ];
  return { kind: 'fusion', name: typeof json.name === 'string' ? json.name : undefined, details, ...(await weights(folder, ['model_adapter_fusion.safetensors', 'pytorch_model_adapter_fusion.bin'])) };
}

async function peftPart(folder: string): Promise<FolderPart> {
  const json = await readJson(path.join(folder, 'adapter_config.json'));
  const details: Array<[string, string]> = [
    ['method', `${String(json.peft_type ?? 'unknown')} (PEFT${json.task_type === undefined ? '' : `, ${String(json.task_type)}`})`],
    ['config', fields(json, ['r', 'lora_alpha', 'lora_dropout', 'target_modules', 'modules_to_save'])],
    ['for', String(json.base_model_name_or_path ?? 'unknown model')],
  ];
  return { kind: 'peft-adapter', name: undefined, details, ...(await weights(folder, ['adapter_model.safetensors', 'adapter_model.bin'])) };
}

async function modelPart(folder: string): Promise<FolderPart> {
  const config = await readJson(path.join(folder, 'config.json'));
  const architectures = Array.isArray(config.architectures) ? (config.architectures as string[]).join(', ') : 'none listed';
  const shape = [
    `${String(config.num_hidden_layers)} layers`,
    `hidden ${String(config.hidden_size)}`,
    `${String(config.num_attention_heads)} heads`,
    `intermediate ${String(config.intermediate_size)}`,
    `vocab ${String(config.vocab_size)}`,
    `max positions ${String(config.max_position_embeddings)}`,
  ].join(', ');
  const tokenizerFiles = ['vocab.txt', 'tokenizer.json', 'vocab.json', 'merges.txt'].filter((name) => existsSync(path.join(folder, name)));
  const details: Array<[string, string]> = [
    ['type', `${String(config.model_type ?? 'unknown')} (${architectures})`],
    ['shape', shape],
    ['tokenizer', tokenizerFiles.length > 0 ? tokenizerFiles.join(', ') : 'none (pass --tokenizer_name)'],
  ];
  if (typeof config.adapters === 'object' && config.adapters !== null) {
    const names = Object.keys(((config.adapters as Json).adapters ?? {}) as Json);
    if (names.length > 0) details.push(['adapters in config', names.join(', ')]);
  }
  return { kind: 'model', name: undefined, details, ...(await weights(folder, ['model.safetensors', 'pytorch_model.bin'])) };
}

/** A trainer checkpoint (resumable: it has the optimizer state), or the output folder of a finished run. */
async function trainerStatePart(folder: string): Promise<FolderPart> {
  const state = await readJson(path.join(folder, 'trainer_state.json'));
  const resumable = existsSync(path.join(folder, 'optimizer.safetensors'));
  const details: Array<[string, string]> = [['trainer state', `step ${String(state.global_step)}, epoch ${typeof state.epoch === 'number' ? state.epoch.toFixed(2) : String(state.epoch)}`]];
  if (state.best_metric !== undefined && state.best_metric !== null) details.push(['best', `${String(state.best_metric)} at ${String(state.best_model_checkpoint)}`]);
  const resultsFile = path.join(folder, 'eval_results.json');
  if (existsSync(resultsFile)) {
    const results = await readJson(resultsFile);
    details.push(['eval results', Object.entries(results).map(([name, value]) => `${name} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : String(value)}`).join(', ')]);
  }
  if (resumable) details.push(['resumable', 'optimizer state present (--resume_from_checkpoint)']);
  return { kind: resumable ? 'checkpoint' : 'training-run', name: undefined, details, weightsFile: undefined, tensorCount: undefined, parameterCount: undefined };
}
