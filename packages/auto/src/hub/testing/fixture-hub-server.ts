// A stand-in for the HF hub on 127.0.0.1: serves model folders under `/<repo>/resolve/<revision>/<file>`
// the way huggingface.co does (Content-Length, X-Repo-Commit, X-Error-Code), so tests need no network.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { listenOnLoopback } from '@adapters/test-utils';

export interface FixtureHubServerOptions {
  /** Repository id → the folder whose top-level files it serves. */
  readonly repos: Readonly<Record<string, string>>;
  /** When set, reported as `X-Repo-Commit` and served as a revision besides `main`. */
  readonly commit?: string;
  /** Handles a request instead of the default behaviour when it returns true (errors, hangs, cut-offs). */
  readonly intercept?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export interface FixtureHubServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Every request path, in arrival order. */
  readonly requests: string[];
  /** The Authorization header of every request (undefined when absent), in arrival order. */
  readonly authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

export async function startFixtureHubServer(options: FixtureHubServerOptions): Promise<FixtureHubServer> {
  const requests: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    authorizations.push(request.headers.authorization);
    if (options.intercept?.(request, response) === true) return;
    serve(options, request.url ?? '', response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  const { endpoint, close } = await listenOnLoopback(server);
  return { endpoint, requests, authorizations, close };
}

async function serve(options: FixtureHubServerOptions, url: string, response: ServerResponse): Promise<void> {
  const pathname = new URL(url, 'http://127.0.0.1').pathname;
  const marker = pathname.indexOf('/resolve/');
  const repoId = decodeURIComponent(pathname.slice(1, Math.max(marker, 0)));
  const folder = options.repos[repoId];
  if (marker < 0 || folder === undefined) return notFound(response, 'RepoNotFound');
  const [revisionSegment = '', ...fileSegments] = pathname.slice(marker + '/resolve/'.length).split('/');
  const revision = decodeURIComponent(revisionSegment);
  if (revision !== 'main' && revision !== options.commit) return notFound(response, 'RevisionNotFound');
  const file = fileSegments.map(decodeURIComponent);
  if (file.length !== 1 || file[0] === undefined || file[0] === '.' || file[0] === '..') return notFound(response, 'EntryNotFound');
  const absolute = path.join(folder, file[0]);
  const stats = await stat(absolute).catch(() => undefined);
  if (stats === undefined || !stats.isFile()) return notFound(response, 'EntryNotFound');
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'content-length': stats.size };
  if (options.commit !== undefined) headers['x-repo-commit'] = options.commit;
  response.writeHead(200, headers);
  createReadStream(absolute).pipe(response);
}

function notFound(response: ServerResponse, errorCode: string): void {
  response.writeHead(404, { 'x-error-code': errorCode, 'content-type': 'text/plain' });
  response.end(`${errorCode}\n`);
}
