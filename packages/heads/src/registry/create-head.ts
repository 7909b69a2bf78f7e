import { InvalidConfigError, type PredictionHead } from '@adapters/core';
import { headConfigToDict, type HeadConfigDict } from '../config/head-config-dict';
import { isBuiltInHeadType, resolveHeadConfig, type HeadOptions } from '../config/head-config';
import type { HeadContext } from '../config/head-context';
import { headRegistry, type HeadRegistry } from './head-registry';

/** Typed options of a custom head type: camelCase keys with `headType`; they reach the factory as snake_case. */
export interface CustomHeadOptions {
  readonly headType: string;
  readonly [option: string]: unknown;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function typedToDict(config: HeadOptions | CustomHeadOptions, context: HeadContext): HeadConfigDict {
  if (isBuiltInHeadType(config.headType)) return headConfigToDict(resolveHeadConfig(config as HeadOptions, context));
  const dict: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (key !== 'headType') dict[snakeCase(key)] = value;
  dict.head_type = config.headType;
  return dict;
}

/**
 * Creates a head from typed options (`{ headType: 'classification', numLabels: 3 }`, `add_*_head` defaults) or from
 * the snake_case config dict of a `head_config.json` (`{ head_type: 'classification', num_labels: 3, ... }`).
 * Either way the registry's factory for the type builds it; an unknown type is a `NoSuchEntryError`.
 */
export function createHead(
  name: string,
  config: HeadOptions | CustomHeadOptions | HeadConfigDict,
  context: HeadContext,
  registry: HeadRegistry = headRegistry,
): PredictionHead {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidConfigError({ path: 'config', expected: 'head options or a head config dict', received: config });
  }
  if ('head_type' in config) return registry.create(name, config, context);
  if ('headType' in config && typeof config.headType === 'string') {
    // Unknown types fail with the registry's list before any option is read.
    registry.get(config.headType);
    return registry.create(name, typedToDict(config as HeadOptions | CustomHeadOptions, context), context);
  }
  throw new InvalidConfigError({ path: 'config', expected: "an object with 'headType' (options) or 'head_type' (config dict)", received: config });
}
