import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isCommitHash } from './hub-names';

export interface DownloadHubFileOptions {
  readonly url: string;
  /** Where the file goes once complete; told the commit the hub reported (`X-Repo-Commit`), if any. */
  readonly destination: (commit: string | undefined) => string;
  /** Folder for the partial file; must be on the same file system as the destination so the rename is atomic. */
  readonly incompleteFolder: string;
  readonly token: string | undefined;
  /** Longest wait for the response headers, and for each next chunk of the body. */
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

export type DownloadHubFileResult =
  | { readonly kind: 'saved'; readonly file: string; readonly bytes: number; readonly commit: string | undefined }
  | { readonly kind: 'refused'; readonly status: number; readonly errorCode: string | undefined };

/** The request got no usable answer: refused connection, DNS failure, timeout, or a body cut short. */
export class HubTransferError extends Error {
  readonly detail: string;
  readonly incomplete: boolean;

  constructor(detail: string, options: { incomplete: boolean; cause?: unknown }) {
    super(detail, { cause: options.cause });
    this.name = 'HubTransferError';
    this.detail = detail;
    this.incomplete = options.incomplete;
  }
}

/**
 * GETs one hub file and streams it to a temp file, then renames it into place, so a crash or a cut
 * connection never leaves a half file under the final name. Non-2xx answers are returned, not thrown:
 * whether a 404 is fatal depends on the file.
 */
export async function downloadHubFile(options: DownloadHubFileOptions): Promise<DownloadHubFileResult> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const armTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const describe = (error: unknown, waitingFor: string): HubTransferError =>
    timedOut
      ? new HubTransferError(`no ${waitingFor} within ${options.timeoutMs} ms`, { incomplete: false, cause: error })
      : new HubTransferError(networkDetail(error), { incomplete: false, cause: error });

  // identity: a compressed body would make Content-Length count different bytes than we write
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;

  armTimer();
  let response: Response;
  try {
    response = await options.fetch(options.url, { headers, signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    clearTimeout(timer);
    throw describe(error, 'response');
  }

  if (!response.ok) {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'refused', status: response.status, errorCode: response.headers.get('x-error-code') ?? undefined };
  }

  const reportedCommit = response.headers.get('x-repo-commit') ?? undefined;
  const commit = reportedCommit !== undefined && isCommitHash(reportedCommit) ? reportedCommit : undefined;
  const expectedBytes = expectedLength(response);
  const file = options.destination(commit);
  await mkdir(options.incompleteFolder, { recursive: true });
  const temporary = path.join(options.incompleteFolder, `${path.basename(file)}.${randomBytes(8).toString('hex')}`);

  let handle: FileHandle | undefined;
  let bytes = 0;
  try {
    handle = await open(temporary, 'w');
    if (response.body !== null) {
      try {
        for await (const chunk of response.body) {
          armTimer();
          await handle.write(chunk);
          bytes += chunk.byteLength;
        }
      } catch (error) {
        const received = expectedBytes === undefined ? `${bytes} bytes` : `${bytes} of ${expectedBytes} bytes`;
        const reason = timedOut ? `no data for ${options.timeoutMs} ms` : networkDetail(error);
        throw new HubTransferError(`cut off after ${received}, ${reason}`, { incomplete: true, cause: error });
      }
    }
    clearTimeout(timer);
    if (expectedBytes !== undefined && bytes !== expectedBytes) {
      throw new HubTransferError(`received ${bytes} bytes but Content-Length announced ${expectedBytes}`, { incomplete: true });
    }
    await handle.close();
    handle = undefined;
    await mkdir(path.dirname(file), { recursive: true });
    await rename(temporary, file);
    return { kind: 'saved', file, bytes, commit };
  } catch (error) {
    clearTimeout(timer);
    controller.abort();
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function expectedLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding.toLowerCase() !== 'identity') return undefined;
  const header = response.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** undici hides the useful part (`ECONNREFUSED 127.0.0.1:9`, `ENOTFOUND host`) in `cause`. */
function networkDetail(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    // an AggregateError (IPv4 and IPv6 both refused) has a code but an empty message
    if (typeof code === 'string' && !cause.message.includes(code)) return cause.message === '' ? code : `${code}: ${cause.message}`;
    if (cause.message !== '') return cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
