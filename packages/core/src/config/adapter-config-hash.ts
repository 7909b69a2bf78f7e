import { nodeModule } from '../platform/node-module';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { dumpPythonJson, PythonFloat } from '../format/python-json';
import type { AdapterConfig } from './adapter-config';
import { adapterConfigToDict } from './adapter-config-dict';
import { isAdapterConfig } from './is-adapter-config';

const { createHash } = nodeModule<typeof import('node:crypto')>('node:crypto');

/**
 * Defaults of the keys adapter-transformers v3 introduced, dropped before hashing so v2 ids stay stable
 * (Python's `ADAPTER_CONFIG_HASH_IGNORE_DEFAULT`).
 */
export const ADAPTER_CONFIG_HASH_IGNORE_DEFAULT: Readonly<Record<string, unknown>> = Object.freeze({
  phm_layer: true,
  phm_dim: 4,
  factorized_phm_W: true,
  shared_W_phm: false,
  shared_phm_rule: true,
  factorized_phm_rule: false,
  phm_c_init: 'normal',
  phm_init_range: new PythonFloat(0.0001),
  learn_phm: true,
  hypercomplex_nonlinearity: 'glorot-uniform',
  phm_rank: 1,
  phm_bias: true,
  init_weights: 'bert',
  scaling: new PythonFloat(1),
});

/**
 * The config id of Python's `get_adapter_config_hash` (keys of the AdapterHub index, `config_id` in
 * saved files): drop falsy values recursively through dicts, drop top-level keys equal to their
 * ignore-default, `json.dumps(sort_keys=True)`, SHA-1, first `length` hex digits. Takes a typed config
 * (hashed as Python's `to_dict()`) or a raw snake_case dict, hashed as given (e.g. a v1 dict with its nested
 * `invertible_adapter`).
 */
export function adapterConfigHash(config: AdapterConfig | Readonly<Record<string, unknown>>, length = 16): string {
  if (!Number.isInteger(length) || length < 1 || length > 40) {
    throw new InvalidConfigError({ path: 'length', expected: 'an integer from 1 to 40', received: length });
  }
  // Python's to_dict() has all 33 bottleneck fields; inside a union's list they are not minimized away.
  const dict = isAdapterConfig(config) ? adapterConfigToDict(config) : config;
  const minimized = minimizeDict(dict);
  for (const [key, defaultValue] of Object.entries(ADAPTER_CONFIG_HASH_IGNORE_DEFAULT)) {
    if (key in minimized && pythonEquals(minimized[key], defaultValue)) delete minimized[key];
  }
  const text = dumpPythonJson(minimized, { sortKeys: true });
  return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, length);
}

/** `_minimize_dict`: keeps truthy values only, recursing into dicts (lists are kept whole). */
function minimizeDict(dict: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const minimized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dict)) {
    if (!isPythonTruthy(value)) continue;
    minimized[key] = isDict(value) ? minimizeDict(value) : value;
  }
  return minimized;
}

/** Python truthiness: False, None, 0, 0.0, '', [] and {} are falsy (NaN is truthy). */
function isPythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === 0 || value === 0n) return false;
  if (value instanceof PythonFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

function isDict(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat);
}

/** Python `==` for the scalar defaults above: bool, int and float compare as numbers (True == 1 == 1.0). */
function pythonEquals(left: unknown, right: unknown): boolean {
  const leftNumber = asPythonNumber(left);
  const rightNumber = asPythonNumber(right);
  if (leftNumber !== undefined || rightNumber !== undefined) return leftNumber === rightNumber;
  return typeof left === 'string' && left === right;
}

function asPythonNumber(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof PythonFloat) return value.value;
  return undefined;
}
