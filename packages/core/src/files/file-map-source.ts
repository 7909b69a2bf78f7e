import type { FileSource } from './file-source';

const encoder = new TextEncoder();

/**
 * A `FileSource` over files held in memory (name → bytes, or text stored as UTF-8): files a page fetched or
 * the user dropped, or what `saveAdapterFiles` returned. Names are relative paths (`adapter/head_config.json`).
 */
export function fileMapSource(files: ReadonlyMap<string, Uint8Array | string> | Readonly<Record<string, Uint8Array | string>>, location = 'file map'): FileSource {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const bytes = new Map(entries.map(([name, content]) => [normalizeName(name), typeof content === 'string' ? encoder.encode(content) : content]));
  return {
    location,
    read: async (name) => bytes.get(normalizeName(name)),
  };
}

/** `./a//b.json` and `a/b.json` are the same file. */
function normalizeName(name: string): string {
  return name
    .split(/[\\/]+/u)
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}
