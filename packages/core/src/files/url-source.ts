import { FileSourceError } from '../errors/file-source-error';
import { InvalidConfigError } from '../errors/invalid-config-error';
import type { FileSource } from './file-source';

export interface UrlSourceOptions {
  /** The fetch to use (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Headers sent with every request (e.g. `Authorization: Bearer <token>` for a private hub repository). */
  readonly headers?: Record<string, string>;
}

/**
 * A `FileSource` over a URL base: `read('config.json')` fetches `<base>config.json`. Works with any static
 * server and with the HF hub's `https://huggingface.co/<repo>/resolve/main/` layout. A 404 means the folder has
 * no such file (undefined); any other non-2xx answer, or none at all, is a `FileSourceError` naming the URL.
 * In a page (or worker) a relative base resolves against its address: `urlSource('models/bert-tiny-mlm/')`.
 */
export function urlSource(base: string | URL, options: UrlSourceOptions = {}): FileSource {
  const href = typeof base === 'string' ? base : base.href;
  // Without the trailing slash, new URL('config.json', base) would replace the base's last segment.
  const location = href.endsWith('/') ? href : `${href}/`;
  const baseUrl = absoluteUrl(location);
  const fileUrl = (name: string): string => new URL(name.split('/').map(encodeURIComponent).join('/'), baseUrl).href;
  return {
    location,
    fileName: fileUrl,
    async read(name) {
      const url = fileUrl(name);
      const fetchFile = options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        response = await fetchFile(url, options.headers === undefined ? undefined : { headers: options.headers });
      } catch (error) {
        throw new FileSourceError({ location, file: url, message: `no answer (${error instanceof Error ? error.message : String(error)})`, cause: error });
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FileSourceError({ location, file: url, status: response.status, message: `HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}` });
      }
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw new FileSourceError({ location, file: url, message: `the body was cut short (${error instanceof Error ? error.message : String(error)})`, cause: error });
      }
    },
  };
}

/** `base` as an absolute URL: relative ones resolve against the page's (or worker's) address. */
function absoluteUrl(base: string): URL {
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  try {
    return new URL(base, typeof page === 'string' ? page : undefined);
  } catch (error) {
    throw new InvalidConfigError({ path: 'base', expected: 'an absolute URL, or a relative one inside a page or worker', received: base, cause: error });
  }
}
