import { PlatformError } from '../errors/platform-error';

interface ProcessWithBuiltins {
  readonly getBuiltinModule?: (id: string) => unknown;
}

/** The Node built-in `id`, or undefined outside Node (a browser page, a worker). Never throws. */
export function findNodeModule<T>(id: string): T | undefined {
  const process = (globalThis as { process?: ProcessWithBuiltins }).process;
  return process?.getBuiltinModule?.(id) as T | undefined;
}

/** The Node built-in `id`; a `PlatformError` naming it outside Node. */
export function requireNodeModule<T>(id: string): T {
  const found = findNodeModule<T>(id);
  if (found === undefined) throw new PlatformError(id);
  return found;
}

/**
 * A stand-in for a Node built-in (`node:fs/promises`, `node:path`, ...) that loads it only when a member is
 * used, through `process.getBuiltinModule`. Static `import ... from 'node:fs'` would make every bundler for
 * the browser fail on the whole package; with this, only the file and folder functions need Node, and
 * calling one elsewhere throws a `PlatformError` instead of a bundler or load-time error.
 * Destructuring at module load is fine: outside Node each member becomes a function that throws when called.
 */
export function nodeModule<T extends object>(id: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const loaded = findNodeModule<Record<PropertyKey, unknown>>(id);
      if (loaded === undefined) {
        return () => {
          throw new PlatformError(id);
        };
      }
      const value = loaded[key];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(loaded) : value;
    },
  });
}
