// A plain static file server on 127.0.0.1 for URL-source tests: `GET <prefix><relative path>` serves the file
// under `root`, anything else is a 404. Every request path is recorded.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StaticFileServer {
  /** `http://127.0.0.1:<port><prefix>`, ending with '/'. */
  readonly base: string;
  /** Every request path, in arrival order. */
  readonly requests: string[];
  /** The request headers of every request, in arrival order. */
  readonly headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

export interface StaticFileServerOptions {
  /** URL path the files live under (default `/`). */
  readonly prefix?: string;
  /** Handles a request instead of the default behaviour when it returns true (errors, cut-offs). */
  readonly intercept?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export async function startStaticFileServer(root: string, options: StaticFileServerOptions = {}): Promise<StaticFileServer> {
  const prefix = options.prefix ?? '/';
  const requests: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    headers.push(request.headers);
    if (options.intercept?.(request, response) === true) return;
    serve(root, prefix, request.url ?? '', response).catch((error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}${prefix}`,
    requests,
    headers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

async function serve(root: string, prefix: string, url: string, response: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  const relative = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : undefined;
  const file = relative === undefined ? undefined : path.resolve(root, relative);
  const stats = file === undefined || !file.startsWith(path.resolve(root) + path.sep) ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || stats === undefined || !stats.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found\n');
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  response.end(body);
}
