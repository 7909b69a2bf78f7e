import type { Stats } from 'node:fs';
import { ModelResolutionError, parseSafetensorsHeader, writeFileAtomic, nodeModule } from '@adapters/core';
import { downloadHubFile, HubTransferError, type DownloadHubFileResult } from './download-hub-file';
import { hubCacheGuard, type HubCacheGuard } from './hub-cache-guard';
import { hubCacheLayout, type HubCacheLayout } from './hub-cache-layout';
import { hubFileUrl } from './hub-file-url';
import { isCommitHash, isHubRepoId, isSafeRepoFile, isSafeRevision } from './hub-names';
import { defaultModelCacheDir, hubEndpoint, hubOfflineFromEnvironment, hubToken } from './hub-settings';
import { looksLikePath } from './looks-like-path';
import { provideFolderHint } from './provide-folder-hint';

const { access, mkdir, open, readFile, readdir, stat } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const os = nodeModule<typeof import('node:os')>('node:os');
const path = nodeModule<typeof import('node:path')>('node:path');

/** Files a model folder cannot do without; only safetensors weights are read (no PyTorch pickles, no shards). */
export const REQUIRED_MODEL_FILES: readonly string[] = ['config.json', 'model.safetensors'];

/** Tokenizer files fetched when the repository has them; a 404 just means that tokenizer kind is not used. */
export const OPTIONAL_MODEL_FILES: readonly string[] = [
  'vocab.txt',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
];

export const DEFAULT_HUB_TIMEOUT_MS = 10_000;
/** Default overall deadline of one `resolveModelFolder` call's downloads: 2 hours. */
export const DEFAULT_HUB_DEADLINE_MS = 2 * 60 * 60 * 1000;
/** Default size cap of one downloaded file: 32 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 ** 3;

export interface ResolveModelFolderOptions {
  /** Download cache; default `ADAPTERS_CACHE`, else `~/.cache/adapters`. */
  readonly cacheDir?: string;
  /** Hub base URL; default `HF_ENDPOINT`, else `https://huggingface.co`. */
  readonly endpoint?: string;
  /** Branch, tag or commit; default `main`. */
  readonly revision?: string;
  /** Optional files fetched when present (404 = absent); default {@link OPTIONAL_MODEL_FILES}. The required files are always fetched. */
  readonly files?: readonly string[];
  /** Longest wait for a response, and for each next chunk of a body; default 10 s. */
  readonly timeoutMs?: number;
  /** Overall deadline for all downloads of the call, however steadily data arrives; default 2 hours. */
  readonly deadlineMs?: number;
  /** Largest file accepted (announced or received); default 32 GiB. */
  readonly maxFileBytes?: number;
  /** The fetch implementation; default the global one. */
  readonly fetch?: typeof fetch;
  /** Never touch the network, only the cache; default `HF_HUB_OFFLINE`. */
  readonly offline?: boolean;
}

/**
 * Turns a `--model_name_or_path` value into a local model folder: an existing folder is checked and
 * returned as is; a hub id (`org/name`, `name`) is served from the cache, or downloaded into it from
 * `{endpoint}/{repo}/resolve/{revision}/{file}`. A cached revision is not re-checked against the hub
 * (no request at all once complete); pin a commit or clear `models--<org>--<name>` to refresh it.
 */
export async function resolveModelFolder(nameOrPath: string, options: ResolveModelFolderOptions = {}): Promise<string> {
  // A NUL would reach fs as a raw TypeError; no folder or hub id holds a control character.
  if (hasControlCharacter(nameOrPath)) {
    throw new ModelResolutionError({ nameOrPath: JSON.stringify(nameOrPath), reason: 'invalid-id', message: 'holds a control character; neither a folder nor a hub id does' });
  }
  const folder = expandHome(nameOrPath);
  const stats = await statIfPresent(folder);
  if (stats !== undefined) {
    if (!stats.isDirectory()) {
      throw new ModelResolutionError({
        nameOrPath,
        reason: 'not-a-model-folder',
        message: 'is a file; pass the folder that holds config.json and model.safetensors',
      });
    }
    await assertModelFolder(nameOrPath, folder);
    return folder;
  }
  if (looksLikePath(nameOrPath)) {
    throw new ModelResolutionError({
      nameOrPath,
      reason: 'no-such-folder',
      message: `no such folder (${path.resolve(folder)}). Pass an existing model folder or a hub id such as 'org/name'.`,
    });
  }
  if (!isHubRepoId(nameOrPath)) {
    throw new ModelResolutionError({
      nameOrPath,
      reason: 'invalid-id',
      message: "is neither an existing folder nor a hub id ('name' or 'org/name' of letters, digits, '-', '_', '.')",
    });
  }
  return resolveHubModel(nameOrPath, options);
}

interface HubContext {
  readonly repoId: string;
  readonly endpoint: string;
  readonly layout: HubCacheLayout;
  readonly guard: HubCacheGuard;
  readonly timeoutMs: number;
  /** `Date.now()` value past which downloads are cut off. */
  readonly deadline: number;
  readonly deadlineMs: number;
  readonly maxFileBytes: number;
  readonly fetch: typeof fetch;
  readonly token: string | undefined;
}

function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(value);
}

async function resolveHubModel(repoId: string, options: ResolveModelFolderOptions): Promise<string> {
  const revision = options.revision ?? 'main';
  const fail = (message: string): never => {
    throw new ModelResolutionError({ nameOrPath: repoId, reason: 'invalid-id', message });
  };
  if (!isSafeRevision(revision)) fail(`revision '${revision}' is not a valid branch, tag or commit name`);
  const optionalFiles = [...new Set(options.files ?? OPTIONAL_MODEL_FILES)].filter((file) => !REQUIRED_MODEL_FILES.includes(file));
  for (const file of optionalFiles) if (!isSafeRepoFile(file)) fail(`'${file}' is not a valid file name inside a repository`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) fail(`timeoutMs must be a positive number, got ${timeoutMs}`);
  const deadlineMs = options.deadlineMs ?? DEFAULT_HUB_DEADLINE_MS;
  if (!(Number.isFinite(deadlineMs) && deadlineMs > 0)) fail(`deadlineMs must be a positive number, got ${deadlineMs}`);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!(maxFileBytes > 0)) fail(`maxFileBytes must be a positive number, got ${maxFileBytes}`);
  const deadline = Date.now() + deadlineMs;
  const endpoint = hubEndpoint(options.endpoint);
  if (!/^https?:\/\/[^/]/.test(endpoint)) fail(`hub endpoint '${endpoint}' is not an http(s) URL (check HF_ENDPOINT)`);

  const cacheDir = options.cacheDir ?? defaultModelCacheDir();
  const layout = hubCacheLayout(cacheDir, repoId);
  const guard = hubCacheGuard(cacheDir, repoId);
  const offlineSource = options.offline !== undefined ? 'offline: true' : 'HF_HUB_OFFLINE is set';
  const offline = options.offline ?? hubOfflineFromEnvironment();

  let snapshot = await cachedSnapshot(layout, guard, revision);
  if (snapshot !== undefined) {
    const requiredMissing = await filesToFetch(layout, guard, snapshot, REQUIRED_MODEL_FILES);
    const optionalUnknown = await filesToFetch(layout, guard, snapshot, optionalFiles);
    // offline, whatever tokenizer files are cached have to do
    if (requiredMissing.length === 0 && (optionalUnknown.length === 0 || offline)) return layout.snapshotFolder(snapshot);
  }
  if (offline) {
    throw new ModelResolutionError({
      nameOrPath: repoId,
      reason: 'offline',
      message:
        `could not be fetched from ${endpoint}: downloads are off (${offlineSource}) and ` +
        `${layout.repoFolder} holds no complete copy of revision '${revision}'. ${provideFolderHint(repoId)}`,
    });
  }

  const context: HubContext = {
    repoId,
    endpoint,
    layout,
    guard,
    timeoutMs,
    deadline,
    deadlineMs,
    maxFileBytes,
    fetch: options.fetch ?? globalThis.fetch,
    token: hubToken(),
  };

  if (snapshot === undefined || !(await guard.hasFile(layout.snapshotFile(snapshot, 'config.json')))) {
    // config.json goes first: it proves the repository exists, and its X-Repo-Commit names the snapshot
    const known = snapshot;
    const urlRevision = known !== undefined && isCommitHash(known) ? known : revision;
    const result = await fetchFile(context, urlRevision, 'config.json', (commit) =>
      layout.snapshotFile(known ?? commit ?? revision, 'config.json'),
    );
    if (result.kind === 'refused') throw configRefused(context, revision, result);
    snapshot = known ?? result.commit ?? revision;
  }
  const pinned = snapshot;
  if (!isCommitHash(revision)) await writeFileAtomicInFolder(guard, layout.refFile(revision), pinned);

  // the rest comes from the same commit as config.json when the hub told us which one that was
  const urlRevision = isCommitHash(pinned) ? pinned : revision;
  for (const file of await filesToFetch(layout, guard, pinned, [...REQUIRED_MODEL_FILES, ...optionalFiles])) {
    const result = await fetchFile(context, urlRevision, file, () => layout.snapshotFile(pinned, file));
    if (result.kind === 'saved') continue;
    const required = REQUIRED_MODEL_FILES.includes(file);
    if (result.status === 404 && !required) {
      await writeFileAtomicInFolder(guard, layout.absentMarker(pinned, file), '');
    } else if (result.status === 404) {
      throw new ModelResolutionError({
        nameOrPath: repoId,
        reason: 'missing-file',
        message: `the repository has no ${file} at revision '${revision}' on ${endpoint} (only single-file safetensors weights are read, not pytorch_model.bin or shards)`,
      });
    } else {
      throw httpError(context, file, result);
    }
  }
  return layout.snapshotFolder(pinned);
}

async function fetchFile(
  context: HubContext,
  urlRevision: string,
  file: string,
  destination: (commit: string | undefined) => string,
): Promise<DownloadHubFileResult> {
  try {
    return await downloadHubFile({
      url: hubFileUrl(context.endpoint, context.repoId, urlRevision, file),
      destination,
      incompleteFolder: context.layout.incompleteFolder,
      token: context.token,
      timeoutMs: context.timeoutMs,
      deadlineMs: context.deadline - Date.now(),
      maxBytes: context.maxFileBytes,
      verify: (temporary, bytes) => verifyDownloadedFile(file, temporary, bytes),
      checkFolder: (folder) => context.guard.assertInside(folder),
      fetch: context.fetch,
    });
  } catch (error) {
    if (!(error instanceof HubTransferError)) throw error;
    const reasons = { unreachable: 'unreachable', incomplete: 'incomplete-download', 'too-large': 'too-large', deadline: 'deadline' } as const;
    throw new ModelResolutionError({
      nameOrPath: context.repoId,
      reason: reasons[error.failure],
      message:
        `could not be fetched from ${context.endpoint} (${file}: ${error.detail})` +
        // nothing partial is kept, so a rerun starts that file over
        `${error.incomplete ? '; running again retries it' : ''}. ${provideFolderHint(context.repoId)}`,
      cause: error,
    });
  }
}

/**
 * What a server cannot fake by its headers alone: a safetensors file must be whole (its header's tensors end
 * exactly at the end of the file), a JSON file must parse. Returns the problem, or undefined.
 */
async function verifyDownloadedFile(file: string, temporary: string, bytes: number): Promise<string | undefined> {
  try {
    if (file.endsWith('.safetensors')) {
      const handle = await open(temporary, 'r');
      try {
        const prefix = new Uint8Array(8);
        await handle.read(prefix, 0, 8, 0);
        const headerLength = bytes >= 8 ? Number(new DataView(prefix.buffer).getBigUint64(0, true)) : 0;
        const head = new Uint8Array(Math.min(bytes, 8 + Math.min(headerLength, 100_000_000)));
        await handle.read(head, 0, head.length, 0);
        parseSafetensorsHeader(head, bytes, file);
      } finally {
        await handle.close();
      }
    } else if (file.endsWith('.json')) {
      JSON.parse(await readFile(temporary, 'utf8'));
    }
    return undefined;
  } catch (error) {
    return `the downloaded ${file} is not whole (${error instanceof Error ? error.message : String(error)})`;
  }
}

function configRefused(
  context: HubContext,
  revision: string,
  result: { readonly status: number; readonly errorCode: string | undefined },
): ModelResolutionError {
  const { repoId, endpoint } = context;
  const fail = (reason: 'unknown-repo' | 'gated' | 'missing-file', message: string): ModelResolutionError =>
    new ModelResolutionError({ nameOrPath: repoId, reason, message });
  if (result.errorCode === 'GatedRepo' || result.status === 403) {
    return fail(
      'gated',
      `is gated or private on ${endpoint} (HTTP ${result.status}): accept its terms at ${endpoint}/${repoId} and set HF_TOKEN to a token with access`,
    );
  }
  if (result.errorCode === 'RevisionNotFound') return fail('unknown-repo', `has no revision '${revision}' on ${endpoint}`);
  if (result.errorCode === 'EntryNotFound') {
    return fail('missing-file', `the repository on ${endpoint} has no config.json at revision '${revision}', so it is not a model repository`);
  }
  if (result.status === 401 || result.status === 404) {
    // the hub answers 401 rather than 404 for a missing repository when no token is sent, so as not to reveal private ones
    const tokenAdvice = context.token === undefined ? ', or it is private: set HF_TOKEN to a token with access' : ' for the token in HF_TOKEN';
    return fail('unknown-repo', `no such model repository on ${endpoint} (HTTP ${result.status})${tokenAdvice}`);
  }
  return httpError(context, 'config.json', result);
}

function httpError(context: HubContext, file: string, result: { readonly status: number; readonly errorCode: string | undefined }): ModelResolutionError {
  const code = result.errorCode === undefined ? '' : ` ${result.errorCode}`;
  return new ModelResolutionError({
    nameOrPath: context.repoId,
    reason: 'http',
    message: `${context.endpoint} answered HTTP ${result.status}${code} for ${file}. ${provideFolderHint(context.repoId)}`,
  });
}

/** The snapshot `refs/<revision>` points at, else a snapshot folder named after the revision itself. */
async function cachedSnapshot(layout: HubCacheLayout, guard: HubCacheGuard, revision: string): Promise<string | undefined> {
  const reference = (await guard.hasFile(layout.refFile(revision)))
    ? await readFile(layout.refFile(revision), 'utf8').then(
        (text) => text.trim(),
        () => undefined,
      )
    : undefined;
  const present = async (snapshot: string): Promise<boolean> => {
    if (!(await exists(layout.snapshotFolder(snapshot)))) return false;
    await guard.assertInside(layout.snapshotFolder(snapshot));
    return true;
  };
  if (reference !== undefined && isSafeRevision(reference) && (await present(reference))) return reference;
  return (await present(revision)) ? revision : undefined;
}

/** The files neither in the snapshot nor known to be absent from the hub. */
async function filesToFetch(layout: HubCacheLayout, guard: HubCacheGuard, snapshot: string, files: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const file of files) {
    if (await guard.hasFile(layout.snapshotFile(snapshot, file))) continue;
    if (!REQUIRED_MODEL_FILES.includes(file) && (await guard.hasFile(layout.absentMarker(snapshot, file)))) continue;
    missing.push(file);
  }
  return missing;
}

async function assertModelFolder(nameOrPath: string, folder: string): Promise<void> {
  if (await exists(path.join(folder, 'config.json'))) return;
  const entries = (await readdir(folder)).sort();
  const shown = entries.slice(0, 20).join(', ');
  const more = entries.length > 20 ? ` and ${entries.length - 20} more` : '';
  throw new ModelResolutionError({
    nameOrPath,
    reason: 'not-a-model-folder',
    message: `the folder has no config.json, so it is not an HF model folder; it holds ${entries.length === 0 ? 'nothing' : `${shown}${more}`}`,
  });
}

async function writeFileAtomicInFolder(guard: HubCacheGuard, file: string, contents: string): Promise<void> {
  await guard.assertInside(path.dirname(file));
  await mkdir(path.dirname(file), { recursive: true });
  await guard.assertInside(path.dirname(file));
  await writeFileAtomic(file, contents);
}

function expandHome(value: string): string {
  if (value === '~') return os.homedir();
  return value.startsWith('~/') || value.startsWith(`~${path.sep}`) ? path.join(os.homedir(), value.slice(2)) : value;
}

async function statIfPresent(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
