import { nodeModule } from '@adapters/core';
import type { FileHandle } from 'node:fs/promises';
import { isCommitHash } from './hub-names';

const { createHash, randomBytes } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { mkdir, open, rename, rm } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

export interface DownloadHubFileOptions {
  readonly url: string;
  /** Where the file goes once complete; told the commit the hub reported (`X-Repo-Commit`), if any. */
  readonly destination: (commit: string | undefined) => string;
  /** Folder for the partial file; must be on the same file system as the destination so the rename is atomic. */
  readonly incompleteFolder: string;
  readonly token: string | undefined;
  /** Longest wait for the response headers, and for each next chunk of the body. */
  readonly timeoutMs: number;
  /** Time left for the whole transfer (headers and body); a slow drip past it is cut off. Default: none. */
  readonly deadlineMs?: number;
  /** Largest body accepted, announced or received; default: no cap. */
  readonly maxBytes?: number;
  /** Checks the complete temp file before it is renamed into place (returns a problem, or undefined). */
  readonly verify?: (temporary: string, bytes: number) => Promise<string | undefined>;
  /** Called with the destination folder (created) before the rename: refuses folders outside the cache. */
  readonly checkFolder?: (folder: string) => Promise<void>;
  readonly fetch: typeof fetch;
}

export type DownloadHubFileResult =
  | { readonly kind: 'saved'; readonly file: string; readonly bytes: number; readonly commit: string | undefined }
  | { readonly kind: 'refused'; readonly status: number; readonly errorCode: string | undefined };

/** Why a transfer failed: no answer, a body cut short or not matching its announced size or hash, too big, too slow. */
export type HubTransferFailure = 'unreachable' | 'incomplete' | 'too-large' | 'deadline';

/** The request got no usable answer: refused connection, DNS failure, timeout, or a body cut short. */
export class HubTransferError extends Error {
  readonly detail: string;
  readonly incomplete: boolean;
  readonly failure: HubTransferFailure;

  constructor(detail: string, options: { incomplete: boolean; failure?: HubTransferFailure; cause?: unknown }) {
    super(detail, { cause: options.cause });
    this.name = 'HubTransferError';
    this.detail = detail;
    this.incomplete = options.incomplete;
    this.failure = options.failure ?? (options.incomplete ? 'incomplete' : 'unreachable');
  }
}

/**
 * GETs one hub file and streams it to a temp file, then renames it into place, so a crash or a cut
 * connection never leaves a half file under the final name. Before the rename the body must match its
 * `Content-Length`, the `X-Linked-Size` and sha256 `X-Linked-Etag` the hub gives LFS files, the size cap and
 * `verify`; the whole transfer must end within `deadlineMs`. Non-2xx answers are returned, not thrown:
 * whether a 404 is fatal depends on the file.
 */
export async function downloadHubFile(options: DownloadHubFileOptions): Promise<DownloadHubFileResult> {
  const controller = new AbortController();
  const state = { timedOut: false, pastDeadline: false };
  let timer: NodeJS.Timeout | undefined;
  const armTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const deadline =
    options.deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          state.pastDeadline = true;
          controller.abort();
        }, Math.max(0, options.deadlineMs));
  try {
    return await transfer(options, controller, state, armTimer);
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
  }
}

async function transfer(
  options: DownloadHubFileOptions,
  controller: AbortController,
  state: { timedOut: boolean; pastDeadline: boolean },
  armTimer: () => void,
): Promise<DownloadHubFileResult> {
  const pastDeadline = (error: unknown): HubTransferError =>
    new HubTransferError(`not complete within the ${options.deadlineMs} ms deadline`, { incomplete: true, failure: 'deadline', cause: error });
  const describe = (error: unknown, waitingFor: string): HubTransferError =>
    state.pastDeadline
      ? pastDeadline(error)
      : state.timedOut
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
    throw describe(error, 'response');
  }

  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'refused', status: response.status, errorCode: response.headers.get('x-error-code') ?? undefined };
  }

  const reportedCommit = response.headers.get('x-repo-commit') ?? undefined;
  const commit = reportedCommit !== undefined && isCommitHash(reportedCommit) ? reportedCommit : undefined;
  const expectedBytes = expectedLength(response);
  const linkedSize = integerHeader(response.headers.get('x-linked-size'));
  const linkedSha256 = sha256Etag(response.headers.get('x-linked-etag'));
  const maxBytes = options.maxBytes ?? Infinity;
  const announced = Math.max(expectedBytes ?? 0, linkedSize ?? 0);
  if (announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new HubTransferError(`announced ${announced} bytes, over the ${maxBytes}-byte cap (maxFileBytes)`, { incomplete: false, failure: 'too-large' });
  }
  const file = options.destination(commit);
  await mkdir(options.incompleteFolder, { recursive: true });
  await options.checkFolder?.(options.incompleteFolder);
  const temporary = path.join(options.incompleteFolder, `${path.basename(file)}.${randomBytes(8).toString('hex')}`);

  let handle: FileHandle | undefined;
  let bytes = 0;
  const hash = linkedSha256 === undefined ? undefined : createHash('sha256');
  try {
    handle = await open(temporary, 'wx');
    if (response.body !== null) {
      try {
        for await (const chunk of response.body) {
          armTimer();
          bytes += chunk.byteLength;
          if (bytes > maxBytes) {
            throw new HubTransferError(`body passed the ${maxBytes}-byte cap (maxFileBytes)`, { incomplete: true, failure: 'too-large' });
          }
          hash?.update(chunk);
          await handle.write(chunk);
        }
      } catch (error) {
        if (error instanceof HubTransferError) throw error;
        if (state.pastDeadline) throw pastDeadline(error);
        const received = expectedBytes === undefined ? `${bytes} bytes` : `${bytes} of ${expectedBytes} bytes`;
        const reason = state.timedOut ? `no data for ${options.timeoutMs} ms` : networkDetail(error);
        throw new HubTransferError(`cut off after ${received}, ${reason}`, { incomplete: true, cause: error });
      }
    }
    if (state.pastDeadline) throw pastDeadline(undefined);
    if (expectedBytes !== undefined && bytes !== expectedBytes) {
      throw new HubTransferError(`received ${bytes} bytes but Content-Length announced ${expectedBytes}`, { incomplete: true });
    }
    if (linkedSize !== undefined && bytes !== linkedSize) {
      throw new HubTransferError(`received ${bytes} bytes but X-Linked-Size announced ${linkedSize}`, { incomplete: true });
    }
    const digest = hash?.digest('hex');
    if (digest !== undefined && digest !== linkedSha256) {
      throw new HubTransferError(`the body's sha256 ${digest} is not the X-Linked-Etag ${linkedSha256}`, { incomplete: true });
    }
    await handle.close();
    handle = undefined;
    const problem = await options.verify?.(temporary, bytes);
    if (problem !== undefined) throw new HubTransferError(problem, { incomplete: true });
    await mkdir(path.dirname(file), { recursive: true });
    await options.checkFolder?.(path.dirname(file));
    await rename(temporary, file);
    return { kind: 'saved', file, bytes, commit };
  } catch (error) {
    controller.abort();
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function integerHeader(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** The sha256 of an LFS file, as the hub gives it in `X-Linked-Etag` (quoted, maybe weak); other etags are not hashes we can check. */
function sha256Etag(value: string | null): string | undefined {
  const match = value === null ? null : /^(?:W\/)?"?([0-9a-f]{64})"?$/.exec(value.trim());
  return match === null ? undefined : match[1];
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
