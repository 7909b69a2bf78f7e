import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Content types a built page needs; `application/wasm` lets tfjs compile the .wasm files streaming. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A running static server; `close()` stops it. */
export interface ServedFolder {
  /** `http://127.0.0.1:<port>/`, ending in a slash. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` over HTTP on a free localhost port, as any static host would serve a built page: files by
 * path, `index.html` for a folder, 404 for anything missing or outside `root`.
 */
export async function serveFolder(root: string): Promise<ServedFolder> {
  const base = path.resolve(root);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    const inside = file === base || file.startsWith(`${base}${path.sep}`);
    const notFound = (): void => {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
    };
    if (!inside) return notFound();
    stat(file).then(
      (info) => {
        if (!info.isFile()) return notFound();
        response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      notFound,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
