// What `adapters` 1.2.0 writes when it loads a file of the older fixture format and saves it again.
import { dumpPythonJson, parsePythonJson } from '@adapters/core';

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function completeAdapterConfig(config: Dict): void {
  if (config.architecture === 'union' && Array.isArray(config.configs)) {
    for (const member of config.configs) if (isDict(member)) completeAdapterConfig(member);
    return;
  }
  if (config.architecture === undefined || config.architecture === null || config.architecture === 'bottleneck') {
    // BnConfig's asdict() has all 33 fields.
    config.factorized_phm_W ??= true;
    config.shared_W_phm ??= false;
  }
  // LoRAConfig of 1.2.0 has no use_dora.
  if (config.architecture === 'lora' && config.use_dora === false) delete config.use_dora;
}

function completeHeadConfig(config: Dict): void {
  // add_prediction_head fills in default class names for heads with labels or choices.
  if (!('label2id' in config) || config.label2id !== null) return;
  const count = typeof config.num_labels === 'number' ? config.num_labels : typeof config.num_choices === 'number' ? config.num_choices : undefined;
  if (count !== undefined) config.label2id = Object.fromEntries(Array.from({ length: count }, (_, index) => [`LABEL_${index}`, index]));
}

/**
 * The text `adapters` 1.2.0 writes for an `adapter_config.json` / `head_config.json` it loaded from `text`: the
 * fixtures predate its exact field set (two PHM flags, no `use_dora`, default `label2id`).
 */
export function asWrittenByAdapters120(text: string): string {
  const json = parsePythonJson(text) as Dict;
  if (isDict(json.config)) {
    if ('head_type' in json.config) completeHeadConfig(json.config);
    else completeAdapterConfig(json.config);
  }
  return dumpPythonJson(json, { indent: 2, sortKeys: true });
}
