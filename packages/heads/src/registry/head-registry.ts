import { InvalidConfigError, NoSuchEntryError, type PredictionHead } from '@adapters/core';
import { headConfigFromDict, type HeadConfigDict } from '../config/head-config-dict';
import { BUILT_IN_HEAD_TYPES, type BuiltInHeadType } from '../config/head-config';
import type { HeadContext } from '../config/head-context';
import { HEAD_TYPES } from './head-types';

/**
 * Builds a head from its `head_config.json` config (snake_case, `head_type` included). A custom head saves and
 * loads like a built-in one as long as its `headConfig()` returns a dict its factory accepts.
 */
export type HeadFactory = (name: string, config: HeadConfigDict, context: HeadContext) => PredictionHead;

export interface RegisterHeadOptions {
  /** Replace an existing factory for this type (default false: registering twice is an error). */
  readonly overwrite?: boolean;
}

/** Head factories keyed by `head_type`; open to custom heads (`register_custom_head`). */
export class HeadRegistry {
  private readonly factories = new Map<string, HeadFactory>();

  constructor(entries: Iterable<readonly [string, HeadFactory]> = []) {
    for (const [headType, factory] of entries) this.register(headType, factory);
  }

  register(headType: string, factory: HeadFactory, options: RegisterHeadOptions = {}): this {
    if (typeof headType !== 'string' || headType === '') {
      throw new InvalidConfigError({ path: 'headType', expected: 'a non-empty head type name', received: headType });
    }
    if (typeof factory !== 'function') throw new InvalidConfigError({ path: 'factory', expected: 'a head factory function', received: typeof factory });
    if (this.factories.has(headType) && options.overwrite !== true) {
      throw new InvalidConfigError({
        path: 'headType',
        expected: 'a head type that is not registered yet (pass { overwrite: true } to replace it)',
        received: headType,
      });
    }
    this.factories.set(headType, factory);
    return this;
  }

  unregister(headType: string): boolean {
    return this.factories.delete(headType);
  }

  has(headType: string): boolean {
    return this.factories.has(headType);
  }

  /** Registered head types, in registration order. */
  headTypes(): string[] {
    return [...this.factories.keys()];
  }

  /** The factory for a type; an unknown type is a `NoSuchEntryError` listing the registered ones. */
  get(headType: string): HeadFactory {
    const factory = this.factories.get(headType);
    if (factory === undefined) throw new NoSuchEntryError({ registry: 'head type', key: headType, available: this.headTypes() });
    return factory;
  }

  /** Builds a head from a config dict with `head_type`. */
  create(name: string, config: HeadConfigDict, context: HeadContext): PredictionHead {
    const headType = config.head_type;
    if (typeof headType !== 'string') throw new InvalidConfigError({ path: 'head_type', expected: 'a head type name', received: headType });
    return this.get(headType)(name, config, context);
  }
}

function builtInFactory(headType: BuiltInHeadType): HeadFactory {
  return (name, config, context) => {
    const options = headConfigFromDict(config, { source: `head '${name}'` });
    const HeadClass = HEAD_TYPES[headType] as new (name: string, options: object, context: HeadContext) => PredictionHead;
    return new HeadClass(name, options, context);
  };
}

/** A registry holding only the built-in head types (for isolated setups and tests). */
export function createDefaultHeadRegistry(): HeadRegistry {
  return new HeadRegistry(BUILT_IN_HEAD_TYPES.map((headType) => [headType, builtInFactory(headType)] as const));
}

/** The shared registry `createHead` uses by default; `headRegistry.register(type, factory)` adds custom heads. */
export const headRegistry: HeadRegistry = createDefaultHeadRegistry();
