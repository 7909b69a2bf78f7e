import { InvalidConfigError } from '../errors/invalid-config-error';
import { PythonFloat } from '../format/python-json';
import type { AdapterConfig, SingleAdapterConfig } from './adapter-config';
import { readConfigJson, writeConfigJson } from './config-schema';
import { createConfigUnion } from './config-union';
import { isAdapterConfig } from './is-adapter-config';
import { isSingleArchitecture, normalizeSingleConfig, schemaOf, SINGLE_CONFIG_SCHEMAS } from './single-config-schemas';

const ARCHITECTURES_EXPECTED = `absent/null/'bottleneck' (bottleneck), ${Object.keys(SINGLE_CONFIG_SCHEMAS)
  .filter((architecture) => architecture !== 'bottleneck')
  .map((architecture) => `'${architecture}'`)
  .join(', ')} or 'union'`;

/**
 * An AdapterHub config dict (snake_case, as in the `config` of adapter_config.json) to a typed config.
 * The class follows `architecture` (absent or null = bottleneck); missing fields take that class's
 * defaults; v1's nested `invertible_adapter` is mapped onto `invAdapter` / `invAdapterReductionFactor`.
 * A typed config is re-validated and returned. Errors name the snake_case field and `source`.
 */
export function adapterConfigFromDict(json: unknown, source?: string): AdapterConfig {
  return readAdapterConfigDict(json, '', source);
}

/** Like `adapterConfigFromDict`, with error paths under `pathPrefix` (e.g. 'config.'). */
export function readAdapterConfigDict(json: unknown, pathPrefix: string, source: string | undefined): AdapterConfig {
  if (isAdapterConfig(json)) return normalizeAdapterConfig(json, source);
  const dict = expectDict(json, pathPrefix === '' ? 'config' : pathPrefix.slice(0, -1), source);
  if (dict.architecture !== 'union') return readSingleDict(dict, pathPrefix, source);
  const configs = dict.configs;
  if (!Array.isArray(configs)) {
    throw new InvalidConfigError({ path: `${pathPrefix}configs`, expected: 'a list of config dicts', received: configs, source });
  }
  const members = configs.map((member: unknown, index) => {
    const memberPrefix = `${pathPrefix}configs[${index}].`;
    const memberDict = expectDict(member, `${pathPrefix}configs[${index}]`, source);
    if (memberDict.architecture === 'union') {
      throw new InvalidConfigError({
        path: `${memberPrefix}architecture`,
        expected: 'a single adapter config (unions do not nest)',
        received: 'union',
        source,
      });
    }
    return readSingleDict(memberDict, memberPrefix, source);
  });
  return createConfigUnion(members, source);
}

function readSingleDict(dict: Readonly<Record<string, unknown>>, pathPrefix: string, source: string | undefined): SingleAdapterConfig {
  const architecture = dict.architecture ?? 'bottleneck';
  if (!isSingleArchitecture(architecture)) {
    throw new InvalidConfigError({ path: `${pathPrefix}architecture`, expected: ARCHITECTURES_EXPECTED, received: architecture, source });
  }
  return readConfigJson(schemaOf(architecture), dict, pathPrefix, source);
}

function expectDict(value: unknown, path: string, source: string | undefined): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof PythonFloat) {
    throw new InvalidConfigError({ path, expected: 'a config dict', received: value, source });
  }
  return value as Readonly<Record<string, unknown>>;
}

/** Re-validates a typed config (it may be a hand-written literal) into a frozen one. */
export function normalizeAdapterConfig(config: AdapterConfig, source?: string): AdapterConfig {
  if (config.architecture === 'union') return createConfigUnion(config.configs, source);
  return normalizeSingleConfig(config, { nameOf: (key) => key, source }, 'config');
}

/**
 * The snake_case dict Python's `config.to_dict()` gives (the `config` of adapter_config.json), with
 * `PythonFloat` where Python holds floats (`scaling: 1.0`, `dropout: 0.0`), ready for `dumpPythonJson`.
 */
export function adapterConfigToDict(config: AdapterConfig): Record<string, unknown> {
  const normalized = normalizeAdapterConfig(config);
  const writeOptions = {};
  if (normalized.architecture === 'union') {
    return {
      architecture: 'union',
      configs: normalized.configs.map((member) => writeConfigJson(schemaOf(member.architecture), member, writeOptions)),
    };
  }
  return writeConfigJson(schemaOf(normalized.architecture), normalized, writeOptions);
}
