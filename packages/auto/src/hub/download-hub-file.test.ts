import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadHubFile, HubTransferError, type DownloadHubFileOptions } from './download-hub-file';

const scratchFolders: string[] = [];
afterEach(async () => {
  await Promise.all(scratchFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Options whose fetch answers with `response` and whose files go to a fresh temp folder. */
async function optionsAnswering(response: () => Response): Promise<DownloadHubFileOptions & { folder: string }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-download-'));
  scratchFolders.push(folder);
  return {
    folder,
    url: 'http://127.0.0.1:1/org/tiny/resolve/main/config.json',
    destination: (commit) => path.join(folder, 'snapshots', commit ?? 'main', 'config.json'),
    incompleteFolder: path.join(folder, '.incomplete'),
    token: undefined,
    timeoutMs: 1000,
    fetch: () => Promise.resolve(response()),
  };
}

describe('downloadHubFile', () => {
  it('saves the body under the destination chosen from X-Repo-Commit', async () => {
    const commit = 'a'.repeat(40);
    const options = await optionsAnswering(() => new Response('{"a":1}', { headers: { 'x-repo-commit': commit, 'content-length': '7' } }));
    const result = await downloadHubFile(options);
    expect(result).toEqual({ kind: 'saved', file: path.join(options.folder, 'snapshots', commit, 'config.json'), bytes: 7, commit });
    expect(await readFile(path.join(options.folder, 'snapshots', commit, 'config.json'), 'utf8')).toBe('{"a":1}');
    expect(await readdir(options.incompleteFolder)).toEqual([]);
  });

  it('ignores an X-Repo-Commit that is not a sha, since it would become a folder name', async () => {
    const options = await optionsAnswering(() => new Response('{}', { headers: { 'x-repo-commit': '../../escape' } }));
    const result = await downloadHubFile(options);
    expect(result.kind === 'saved' && result.commit).toBeUndefined();
  });

  it('returns a non-2xx answer with its X-Error-Code instead of saving it', async () => {
    const options = await optionsAnswering(() => new Response('nope', { status: 404, headers: { 'x-error-code': 'EntryNotFound' } }));
    expect(await downloadHubFile(options)).toEqual({ kind: 'refused', status: 404, errorCode: 'EntryNotFound' });
    await expect(readdir(options.folder)).resolves.toEqual([]);
  });

  it('refuses a body shorter than its Content-Length and keeps nothing', async () => {
    const options = await optionsAnswering(() => new Response('{}', { headers: { 'content-length': '100' } }));
    const error = await downloadHubFile(options).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HubTransferError);
    expect((error as HubTransferError).incomplete).toBe(true);
    expect((error as HubTransferError).detail).toContain('received 2 bytes but Content-Length announced 100');
    expect(await readdir(options.incompleteFolder)).toEqual([]);
    await expect(readdir(path.join(options.folder, 'snapshots'))).rejects.toThrow();
  });

  it('sends the token as a Bearer header and asks for an uncompressed body', async () => {
    let seen: Headers | undefined;
    const options = await optionsAnswering(() => new Response('{}'));
    await downloadHubFile({
      ...options,
      token: 'hf_secret',
      fetch: (_url, init) => {
        seen = new Headers(init?.headers);
        return Promise.resolve(new Response('{}'));
      },
    });
    expect(seen?.get('authorization')).toBe('Bearer hf_secret');
    expect(seen?.get('accept-encoding')).toBe('identity');
  });
});
