// A hostile hub and a tampered cache: each case ends in a typed ModelResolutionError and nothing is cached.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesRoot } from '@adapters/test-utils';
import { resolveModelFolder } from './resolve-model-folder';
import { startFixtureHubServer, type FixtureHubServer } from './testing/fixture-hub-server';
import { rejection } from './testing/resolution-rejection';

const fixtureModel = path.join(fixturesRoot(), '_backbones/bert-tiny-a');
let weights: Buffer;
let hub: FixtureHubServer;
const scratchFolders: string[] = [];

async function scratch(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-hostile-hub-'));
  scratchFolders.push(folder);
  return folder;
}

/** Every file under `folder` (relative paths), to show nothing was cached. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.push(path.relative(folder, path.join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

beforeAll(async () => {
  weights = await readFile(path.join(fixtureModel, 'model.safetensors'));
  const sha256 = createHash('sha256').update(weights).digest('hex');
  const repos = { 'org/short': fixtureModel, 'org/big': fixtureModel, 'org/drip': fixtureModel, 'org/hash': fixtureModel, 'org/tiny': fixtureModel };
  hub = await startFixtureHubServer({
    repos,
    intercept: (request, response) => {
      const url = request.url ?? '';
      if (url === '/org/short/resolve/main/model.safetensors') {
        // Content-Length smaller than the body: the client reads that many bytes and would stop there.
        response.writeHead(200, { 'content-length': weights.length - 4096 });
        response.end(weights.subarray(0, weights.length - 4096));
      } else if (url === '/org/big/resolve/main/model.safetensors') {
        // No Content-Length: the cap must hold on the bytes as they arrive.
        response.writeHead(200, { 'transfer-encoding': 'chunked' });
        response.end(Buffer.alloc(256 * 1024));
      } else if (url === '/org/drip/resolve/main/model.safetensors') {
        // One byte every 30 ms: never idle long enough for the per-chunk timeout, so only a deadline ends it.
        response.writeHead(200, { 'content-length': weights.length });
        let sent = 0;
        const timer = setInterval(() => {
          if (response.destroyed || sent >= 400) return clearInterval(timer);
          response.write(weights.subarray(sent, sent + 1));
          sent += 1;
        }, 30);
        response.on('close', () => clearInterval(timer));
      } else if (url === '/org/hash/resolve/main/model.safetensors') {
        // Right size, one flipped byte, and the LFS sha256 of the real file.
        const body = Buffer.from(weights);
        body[body.length - 1] = (body[body.length - 1] as number) ^ 0xff;
        response.writeHead(200, { 'content-length': body.length, 'x-linked-size': body.length, 'x-linked-etag': `"${sha256}"` });
        response.end(body);
      } else {
        return false;
      }
      return true;
    },
  });
});

afterAll(async () => {
  await hub.close();
  await Promise.all(scratchFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('resolveModelFolder against a hostile hub', () => {
  it('a Content-Length shorter than the file: the truncated safetensors is refused and not cached', async () => {
    const cacheDir = await scratch();
    const error = await rejection(resolveModelFolder('org/short', { cacheDir, endpoint: hub.endpoint, files: [] }));
    expect(error.reason).toBe('incomplete-download');
    expect(error.message).toMatch(/model\.safetensors is not whole/);
    expect(await filesUnder(cacheDir)).toEqual(['models--org--short/refs/main', 'models--org--short/snapshots/main/config.json']);
  });

  it('a body over maxFileBytes is cut off as too-large, nothing cached', async () => {
    const cacheDir = await scratch();
    const error = await rejection(resolveModelFolder('org/big', { cacheDir, endpoint: hub.endpoint, files: [], maxFileBytes: 64 * 1024 }));
    expect(error.reason).toBe('too-large');
    expect(error.message).toContain('65536-byte cap');
    expect(await filesUnder(cacheDir)).not.toContain('models--org--big/snapshots/main/model.safetensors');
    expect(await readdir(path.join(cacheDir, 'models--org--big', '.incomplete'))).toEqual([]);
    // An announced size over the cap is refused before the body is read.
    const announced = await rejection(resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [], maxFileBytes: 100 }));
    expect(announced.reason).toBe('too-large');
    expect(announced.message).toMatch(/announced \d+ bytes, over the 100-byte cap/);
  });

  it('a slow drip past the overall deadline is cut off (the per-chunk timeout alone would wait forever), nothing cached', async () => {
    const cacheDir = await scratch();
    const started = Date.now();
    const error = await rejection(resolveModelFolder('org/drip', { cacheDir, endpoint: hub.endpoint, files: [], timeoutMs: 2000, deadlineMs: 1500 }));
    expect(error.reason).toBe('deadline');
    expect(error.message).toMatch(/not complete within the \d+ ms deadline/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await filesUnder(cacheDir)).not.toContain('models--org--drip/snapshots/main/model.safetensors');
    expect(await readdir(path.join(cacheDir, 'models--org--drip', '.incomplete'))).toEqual([]);
  });

  it('a body whose sha256 is not the X-Linked-Etag is refused, nothing cached', async () => {
    const cacheDir = await scratch();
    const error = await rejection(resolveModelFolder('org/hash', { cacheDir, endpoint: hub.endpoint, files: [] }));
    expect(error.reason).toBe('incomplete-download');
    expect(error.message).toMatch(/sha256 [0-9a-f]{64} is not the X-Linked-Etag/);
    expect(await filesUnder(cacheDir)).not.toContain('models--org--hash/snapshots/main/model.safetensors');
  });
});

describe('resolveModelFolder with a tampered cache', () => {
  it('a planted symlink for the snapshot folder is not followed: no file is written outside the cache', async () => {
    const cacheDir = await scratch();
    const outside = await scratch();
    hub.requests.length = 0;
    await mkdir(path.join(cacheDir, 'models--org--tiny', 'snapshots'), { recursive: true });
    await symlink(outside, path.join(cacheDir, 'models--org--tiny', 'snapshots', 'main'));
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [] }));
    expect(error.reason).toBe('unsafe-cache');
    expect(await readdir(outside)).toEqual([]);
    expect(hub.requests).toEqual([]);
  });

  it('a cached config.json linked to a file outside the cache is refused, not returned as a model folder', async () => {
    const cacheDir = await scratch();
    const outside = await scratch();
    await writeFile(path.join(outside, 'hostname'), 'not a config');
    const snapshot = path.join(cacheDir, 'models--org--tiny', 'snapshots', 'main');
    await mkdir(snapshot, { recursive: true });
    await symlink(path.join(outside, 'hostname'), path.join(snapshot, 'config.json'));
    await writeFile(path.join(snapshot, 'model.safetensors'), weights);
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [], offline: true }));
    expect(error.reason).toBe('unsafe-cache');
    expect(error.message).toContain('config.json');
  });

  it('a symlinked .incomplete folder is not written through', async () => {
    const cacheDir = await scratch();
    const outside = await scratch();
    await mkdir(path.join(cacheDir, 'models--org--tiny'), { recursive: true });
    await symlink(outside, path.join(cacheDir, 'models--org--tiny', '.incomplete'));
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [] }));
    expect(error.reason).toBe('unsafe-cache');
    expect(await readdir(outside)).toEqual([]);
    expect(existsSync(path.join(cacheDir, 'models--org--tiny', 'snapshots', 'main', 'config.json'))).toBe(false);
  });

  it('links that stay inside the cache (huggingface_hub blob links) are fine', async () => {
    const cacheDir = await scratch();
    const repo = path.join(cacheDir, 'models--org--tiny');
    await mkdir(path.join(repo, 'blobs'), { recursive: true });
    await mkdir(path.join(repo, 'snapshots', 'main'), { recursive: true });
    for (const file of ['config.json', 'model.safetensors']) {
      await writeFile(path.join(repo, 'blobs', file), await readFile(path.join(fixtureModel, file)));
      await symlink(path.join('..', '..', 'blobs', file), path.join(repo, 'snapshots', 'main', file));
    }
    const folder = await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [], offline: true });
    expect(folder).toBe(path.join(repo, 'snapshots', 'main'));
  });
});
