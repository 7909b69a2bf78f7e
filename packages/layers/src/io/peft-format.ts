// HF PEFT adapter folders (`adapter_config.json` with `peft_type`, `adapter_model.safetensors`), converted to and
// from the library's LoRA / (IA)^3 layout. Pure functions on JSON and tensors, so the model loader and the CLI
// converter share them.
import { FileFormatError, type TensorData } from '@adapters/core';

export const PEFT_WEIGHTS_FILE = 'adapter_model.safetensors';
export const PEFT_TORCH_WEIGHTS_FILE = 'adapter_model.bin';
/** PEFT keys carry the wrapped model under this prefix (`PeftModel.base_model.model`). */
const PEFT_PREFIX = 'base_model.model.';

/** Whether an `adapter_config.json` is PEFT's rather than AdapterHub's. */
export function isPeftConfig(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && typeof (json as { peft_type?: unknown }).peft_type === 'string';
}

type Site = 'q' | 'k' | 'v' | 'intermediate' | 'output';

/**
 * Module paths (HF names, after the layer index) → the LoRA site of the library's config. BERT/RoBERTa/XLM-R,
 * and Llama's attention projections; anything else has no AdapterHub LoRA equivalent.
 */
const MODULE_SITES: ReadonlyArray<[RegExp, Site]> = [
  [/\.attention\.self\.query$|\.self_attn\.q_proj$/, 'q'],
  [/\.attention\.self\.key$|\.self_attn\.k_proj$/, 'k'],
  [/\.attention\.self\.value$|\.self_attn\.v_proj$/, 'v'],
  [/\.layers?\.\d+\.intermediate\.dense$/, 'intermediate'],
  [/\.layers?\.\d+\.output\.dense$/, 'output'],
];

/** Site → the module name PEFT's `target_modules` uses for it on BERT-style models. */
const PEFT_TARGETS: Readonly<Record<Site, string>> = { q: 'query', k: 'key', v: 'value', intermediate: 'intermediate.dense', output: 'output.dense' };

export interface LibraryAdapter {
  /** The `config` dict of an AdapterHub `adapter_config.json` (snake_case). */
  readonly config: Record<string, unknown>;
  /** Library keys (`<model path>.loras.<name>.lora_A`), relative to the PEFT model (usually `bert.` first). */
  readonly tensors: Map<string, TensorData>;
}

function siteOf(modulePath: string): Site | undefined {
  return MODULE_SITES.find(([pattern]) => pattern.test(modulePath))?.[1];
}

/**
 * A PEFT LoRA or (IA)^3 adapter as the library's: `lora_A/B.weight` → `loras.<name>.lora_A/B` (`ia3_l` →
 * `lora_B`), `lora_alpha` → `alpha`, the target modules → `attn_matrices` / `intermediate_lora` / `output_lora`,
 * layers without weights → `leave_out`. Options the library cannot express are a `FileFormatError`.
 */
export function peftToLibrary(json: Record<string, unknown>, tensors: ReadonlyMap<string, TensorData>, options: { name: string; numLayers: number; configFile: string; weightsFile: string }): LibraryAdapter {
  const { configFile, weightsFile, name } = options;
  const refuse = (field: string, message: string): never => {
    throw new FileFormatError({ file: configFile, field, message });
  };
  const peftType = json.peft_type;
  if (peftType !== 'LORA' && peftType !== 'IA3') refuse('peft_type', `is ${JSON.stringify(peftType)}; only LORA and IA3 have an AdapterHub equivalent`);
  if (json.use_dora === true) refuse('use_dora', 'DoRA has no equivalent in adapters 1.2.0');
  if (json.use_rslora === true) refuse('use_rslora', 'rank-stabilized scaling (alpha / sqrt(r)) has no equivalent in adapters 1.2.0');
  for (const field of ['rank_pattern', 'alpha_pattern'] as const) {
    const value = json[field];
    if (value !== undefined && value !== null && (typeof value !== 'object' || Object.keys(value).length > 0)) refuse(field, 'per-module ranks or alphas have no equivalent in adapters 1.2.0');
  }
  if (json.bias !== undefined && json.bias !== 'none') refuse('bias', `is ${JSON.stringify(json.bias)}; only "none" (no trained biases) has an equivalent`);
  if (Array.isArray(json.modules_to_save) && json.modules_to_save.length > 0) {
    refuse('modules_to_save', 'whole modules saved besides the adapter (e.g. a classifier) are not read; load them as a head instead');
  }
  const isIA3 = peftType === 'IA3';
  const feedforward = Array.isArray(json.feedforward_modules) ? (json.feedforward_modules as unknown[]).map(String) : [];

  const sites = new Set<Site>();
  const layers = new Set<number>();
  const converted = new Map<string, TensorData>();
  let rank: number | undefined;
  for (const [key, value] of tensors) {
    const match = isIA3 ? /^(.*)\.ia3_l(?:\.weight)?$/.exec(key) : /^(.*)\.lora_([AB])(?:\.[^.]+)?\.weight$/.exec(key);
    if (match === null) {
      throw new FileFormatError({ file: weightsFile, field: key, message: `is not a PEFT ${isIA3 ? 'IA3 (ia3_l)' : 'LoRA (lora_A / lora_B)'} weight` });
    }
    const modulePath = match[1]!.startsWith(PEFT_PREFIX) ? match[1]!.slice(PEFT_PREFIX.length) : match[1]!;
    const site = siteOf(`.${modulePath}`);
    if (site === undefined) {
      throw new FileFormatError({ file: weightsFile, field: key, message: `targets '${modulePath}', which the library's LoRA cannot target (query/key/value, intermediate.dense, output.dense)` });
    }
    if (isIA3 && feedforward.some((module) => modulePath === module || modulePath.endsWith(`.${module}`))) {
      throw new FileFormatError({
        file: weightsFile,
        field: key,
        message: "is a feed-forward (IA)^3 vector, which PEFT applies to the module's input; the library scales outputs, so it has no equivalent",
      });
    }
    if (isIA3 && site !== 'q' && site !== 'k' && site !== 'v') {
      throw new FileFormatError({ file: weightsFile, field: key, message: 'is an (IA)^3 vector outside self-attention, which the library does not place the same way' });
    }
    const layer = /\.(\d+)\./.exec(`.${modulePath}.`);
    if (layer !== null) layers.add(Number(layer[1]));
    sites.add(site);
    const matrix = isIA3 ? 'B' : match[2]!;
    if (!isIA3 && matrix === 'A') rank ??= value.shape[0];
    converted.set(`${modulePath}.loras.${name}.lora_${matrix}`, isIA3 ? { ...value, shape: [value.values.length, 1] } : value);
  }
  if (converted.size === 0) throw new FileFormatError({ file: weightsFile, message: 'holds no adapter weights' });
  const r = isIA3 ? 1 : typeof json.r === 'number' ? json.r : rank;
  if (!isIA3 && r !== rank) refuse('r', `is ${String(json.r)}, but lora_A has rank ${String(rank)}`);
  const leaveOut = layers.size === 0 ? [] : Array.from({ length: options.numLayers }, (_, index) => index).filter((index) => !layers.has(index));
  const config: Record<string, unknown> = {
    architecture: 'lora',
    selfattn_lora: sites.has('q') || sites.has('k') || sites.has('v'),
    intermediate_lora: sites.has('intermediate'),
    output_lora: sites.has('output'),
    attn_matrices: (['q', 'k', 'v'] as const).filter((site) => sites.has(site)),
    r,
    alpha: isIA3 ? 1 : typeof json.lora_alpha === 'number' ? json.lora_alpha : 8,
    dropout: isIA3 ? 0 : typeof json.lora_dropout === 'number' ? json.lora_dropout : 0,
    composition_mode: isIA3 ? 'scale' : 'add',
    init_weights: isIA3 ? 'ia3' : 'lora',
    use_gating: false,
    leave_out: leaveOut,
  };
  return { config, tensors: converted };
}

export interface PeftAdapter {
  readonly json: Record<string, unknown>;
  readonly tensors: Map<string, TensorData>;
}

/**
 * A library LoRA as a PEFT 0.13 `LoraConfig` folder: keys `base_model.model.<model path>.lora_A.weight`, the
 * targets as a regex when a plain module list would also hit other modules (`output.dense` matches the
 * attention output too). Only plain additive LoRA converts; anything else is a `FileFormatError`.
 */
export function libraryToPeft(config: Readonly<Record<string, unknown>>, tensors: ReadonlyMap<string, TensorData>, options: { name: string; baseModelNameOrPath: string | null; source: string }): PeftAdapter {
  const refuse = (field: string, message: string): never => {
    throw new FileFormatError({ file: options.source, field: `config.${field}`, message });
  };
  if (config.architecture !== 'lora') refuse('architecture', `is ${JSON.stringify(config.architecture ?? 'bottleneck')}; only LoRA converts to PEFT`);
  if (config.composition_mode !== 'add') refuse('composition_mode', 'is not "add": (IA)^3 is saved in the library layout only');
  if (config.use_gating === true) refuse('use_gating', 'gated LoRA has no PEFT equivalent');
  if (config.use_dora === true) refuse('use_dora', 'DoRA is not converted');
  if ((config.vera_b ?? null) !== null || (config.vera_d ?? null) !== null) refuse('vera_b', 'VeRA has no PEFT LoraConfig equivalent');
  const sites: Site[] = [];
  if (config.selfattn_lora === true) for (const matrix of (config.attn_matrices as Site[] | undefined) ?? []) sites.push(matrix);
  if (config.intermediate_lora === true) sites.push('intermediate');
  if (config.output_lora === true) sites.push('output');
  const suffix = `.loras.${options.name}.`;
  const converted = new Map<string, TensorData>();
  for (const [key, value] of tensors) {
    const at = key.indexOf(suffix);
    const matrix = key.slice(at + suffix.length);
    if (at < 0 || (matrix !== 'lora_A' && matrix !== 'lora_B')) throw new FileFormatError({ file: options.source, field: key, message: 'is not a LoRA weight of this adapter' });
    converted.set(`${PEFT_PREFIX}${key.slice(0, at)}.${matrix}.weight`, value);
  }
  const plainList = !sites.includes('output');
  const targetModules = plainList
    ? sites.map((site) => PEFT_TARGETS[site])
    : `.*\\.(?:${sites.map((site) => (site === 'output' ? 'layer\\.\\d+\\.output\\.dense' : site === 'intermediate' ? 'intermediate\\.dense' : `attention\\.self\\.${PEFT_TARGETS[site]}`)).join('|')})`;
  const leaveOut = Array.isArray(config.leave_out) ? (config.leave_out as number[]) : [];
  const layers = new Set<number>();
  for (const key of converted.keys()) {
    const layer = /\.(\d+)\./.exec(key);
    if (layer !== null) layers.add(Number(layer[1]));
  }
  const json: Record<string, unknown> = {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: options.baseModelNameOrPath,
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    layer_replication: null,
    layers_pattern: null,
    layers_to_transform: leaveOut.length === 0 ? null : [...layers].sort((a, b) => a - b),
    loftq_config: {},
    lora_alpha: config.alpha,
    lora_dropout: config.dropout ?? 0,
    megatron_config: null,
    megatron_core: 'megatron.core',
    modules_to_save: null,
    peft_type: 'LORA',
    r: config.r,
    rank_pattern: {},
    revision: null,
    target_modules: targetModules,
    task_type: null,
    use_dora: false,
    use_rslora: false,
  };
  return { json, tensors: converted };
}
