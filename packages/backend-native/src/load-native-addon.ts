import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from './native-addon';

/** What loading the compiled addon gave: the addon, or why the backend is unavailable. */
export type NativeAddonLoadResult =
  | { readonly status: 'available'; readonly addon: NativeAddon; readonly path: string }
  | { readonly status: 'unavailable'; readonly reason: string; readonly path: string };

export interface LoadNativeAddonOptions {
  /** Where the `.node` file is; default env `ADAPTERS_NATIVE_ADDON`, else the package's `build/Release`. */
  readonly path?: string;
}

/** Both `src/` (tests) and `dist/` (published) sit one level below the package root. */
const DEFAULT_ADDON = fileURLToPath(new URL('../build/Release/adapters_native.node', import.meta.url));
const requireAddon = createRequire(import.meta.url);
const cache = new Map<string, NativeAddonLoadResult>();

/** Loads the addon once per path. Never throws: a missing or broken build comes back as `unavailable`. */
export function loadNativeAddon(options: LoadNativeAddonOptions = {}): NativeAddonLoadResult {
  const fromEnvironment = process.env.ADAPTERS_NATIVE_ADDON;
  const path = options.path ?? (fromEnvironment !== undefined && fromEnvironment !== '' ? fromEnvironment : DEFAULT_ADDON);
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  let result: NativeAddonLoadResult;
  if (!existsSync(path)) {
    result = { status: 'unavailable', reason: `addon not built (${path} is missing; install libopenblas-dev and reinstall)`, path };
  } else {
    try {
      result = { status: 'available', addon: requireAddon(path) as NativeAddon, path };
    } catch (error) {
      result = { status: 'unavailable', reason: `addon failed to load: ${(error as Error).message.split('\n')[0]}`, path };
    }
  }
  cache.set(path, result);
  return result;
}
