import { nodeModule } from '@adapters/core';

const os = nodeModule<typeof import('node:os')>('node:os');
const path = nodeModule<typeof import('node:path')>('node:path');

// Read at call time (not import time) so a process, or a test, can change the environment between calls.

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** The hub base URL: the override, else `HF_ENDPOINT`, else huggingface.co; without a trailing slash. */
export function hubEndpoint(override?: string): string {
  const chosen = override ?? nonEmpty(process.env.HF_ENDPOINT) ?? DEFAULT_HUB_ENDPOINT;
  return chosen.replace(/\/+$/, '');
}

/** `HF_TOKEN`, sent as a Bearer token for private and gated repositories. */
export function hubToken(): string | undefined {
  return nonEmpty(process.env.HF_TOKEN);
}

/** `HF_HUB_OFFLINE` set to a true-ish value (`1`, `true`, `yes`, `on`), as huggingface_hub reads it. */
export function hubOfflineFromEnvironment(): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env.HF_HUB_OFFLINE ?? '').trim().toLowerCase());
}

/**
 * Where downloaded models live: `ADAPTERS_CACHE`, else `$XDG_CACHE_HOME/adapters` (`~/.cache/adapters`).
 * Kept apart from huggingface_hub's own cache because we store plain files, not its blob symlinks.
 */
export function defaultModelCacheDir(): string {
  const explicit = nonEmpty(process.env.ADAPTERS_CACHE);
  if (explicit !== undefined) return explicit;
  const cacheHome = nonEmpty(process.env.XDG_CACHE_HOME) ?? path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'adapters');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
