import { createServer, type AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdaptersError, ModelResolutionError } from '@adapters/core';
import { loadEncoder } from '@adapters/models';
import { fixturesRoot } from '@adapters/test-utils';
import { resolveModelFolder } from './resolve-model-folder';
import { startFixtureHubServer, type FixtureHubServer } from './testing/fixture-hub-server';
import { rejection } from './testing/resolution-rejection';

const fixtureModel = path.join(fixturesRoot(), '_backbones/bert-tiny-a');
const fixtureFiles = ['config.json', 'model.safetensors', 'tokenizer_config.json', 'vocab.txt'];
const absentFiles = ['merges.txt', 'special_tokens_map.json', 'tokenizer.json', 'vocab.json'];
const commit = '0123456789abcdef0123456789abcdef01234567';

let configOnlyFolder: string;
let hub: FixtureHubServer;
let pinnedHub: FixtureHubServer;
const scratchFolders: string[] = [];

async function scratch(prefix = 'adapters-hub-'): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  scratchFolders.push(folder);
  return folder;
}

/** A port nothing listens on: bind one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `body` with environment variables set (undefined = unset), restoring them afterwards. */
async function withEnvironment<T>(variables: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(variables);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** A fetch that fails the test if anything reaches for the network. */
const noNetwork: typeof fetch = () => Promise.reject(new Error('unexpected network access'));

beforeAll(async () => {
  configOnlyFolder = await scratch('adapters-hub-config-only-');
  await copyFile(path.join(fixtureModel, 'config.json'), path.join(configOnlyFolder, 'config.json'));
  // org/cut is the fixture too, but the intercept below drops its weights download halfway
  const repos = { 'org/tiny': fixtureModel, tiny: fixtureModel, 'org/cut': fixtureModel, 'org/config-only': configOnlyFolder };
  hub = await startFixtureHubServer({
    repos,
    intercept: (request, response) => {
      const url = request.url ?? '';
      if (url.startsWith('/org/private/')) {
        response.writeHead(401, { 'x-error-code': 'RepoNotFound' }).end();
      } else if (url.startsWith('/org/gated/')) {
        response.writeHead(403, { 'x-error-code': 'GatedRepo' }).end();
      } else if (url.startsWith('/org/broken/')) {
        response.writeHead(500).end();
      } else if (url.startsWith('/org/hangs/')) {
        // never answers: the client's timeout has to end it
      } else if (url === '/org/cut/resolve/main/model.safetensors') {
        // announces the whole file, sends a little of it, then drops the connection
        response.writeHead(200, { 'content-length': 3_992_200 });
        response.write(Buffer.alloc(1024), () => response.destroy());
      } else {
        return false;
      }
      return true;
    },
  });
  pinnedHub = await startFixtureHubServer({ repos: { 'org/tiny': fixtureModel }, commit });
});

afterAll(async () => {
  await Promise.all([hub.close(), pinnedHub.close()]);
  await Promise.all(scratchFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

afterEach(() => {
  hub.requests.length = 0;
  hub.authorizations.length = 0;
  pinnedHub.requests.length = 0;
});

describe('resolveModelFolder: local folders', () => {
  it('returns an existing model folder as is, without touching the network', async () => {
    expect(await resolveModelFolder(fixtureModel, { fetch: noNetwork })).toBe(fixtureModel);
  });

  it('rejects a folder without config.json and lists what it holds', async () => {
    const folder = await scratch();
    await writeFile(path.join(folder, 'pytorch_model.bin'), 'x');
    await writeFile(path.join(folder, 'notes.txt'), 'x');
    const error = await rejection(resolveModelFolder(folder, { fetch: noNetwork }));
    expect(error.reason).toBe('not-a-model-folder');
    expect(error.message).toContain('no config.json');
    expect(error.message).toContain('notes.txt, pytorch_model.bin');
  });

  it('rejects a file passed where a folder is expected', async () => {
    const error = await rejection(resolveModelFolder(path.join(fixtureModel, 'config.json'), { fetch: noNetwork }));
    expect(error.reason).toBe('not-a-model-folder');
  });

  it.each(['./missing-model', '../missing-model', '/nonexistent/bert', '~/nonexistent-adapters-model', 'a/b/c', 'models\\bert', 'bert/'])(
    "reports the path-like '%s' as no such folder instead of asking the hub",
    async (nameOrPath) => {
      const error = await rejection(resolveModelFolder(nameOrPath, { fetch: noNetwork }));
      expect(error.reason).toBe('no-such-folder');
      expect(error.message).toContain('no such folder');
    },
  );

  it('rejects what is neither a folder nor a valid hub id', async () => {
    const error = await rejection(resolveModelFolder('bert base', { fetch: noNetwork }));
    expect(error.reason).toBe('invalid-id');
  });
});

describe('resolveModelFolder: hub ids', () => {
  it('downloads org/tiny into the huggingface_hub cache layout, byte for byte, and loads it', async () => {
    const cacheDir = await scratch();
    const folder = await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint });
    const repoFolder = path.join(cacheDir, 'models--org--tiny');
    expect(folder).toBe(path.join(repoFolder, 'snapshots', 'main'));
    expect((await readdir(folder)).sort()).toEqual(fixtureFiles);
    for (const file of fixtureFiles) {
      expect(Buffer.compare(await readFile(path.join(folder, file)), await readFile(path.join(fixtureModel, file))), file).toBe(0);
    }
    expect(await readFile(path.join(repoFolder, 'refs', 'main'), 'utf8')).toBe('main');
    expect((await readdir(path.join(repoFolder, '.no_exist', 'main'))).sort()).toEqual(absentFiles);
    expect(await readdir(path.join(repoFolder, '.incomplete'))).toEqual([]);
    // config.json first, then the weights, then each tokenizer file once
    expect(hub.requests[0]).toBe('/org/tiny/resolve/main/config.json');
    expect(hub.requests[1]).toBe('/org/tiny/resolve/main/model.safetensors');
    expect(hub.requests).toHaveLength(8);
    expect(hub.authorizations.every((header) => header === undefined)).toBe(true);

    const { model, unusedKeys } = await loadEncoder(folder);
    try {
      expect(unusedKeys).toEqual([]);
    } finally {
      model.dispose();
    }

    hub.requests.length = 0;
    expect(await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint })).toBe(folder);
    expect(hub.requests).toEqual([]);
  });

  it('resolves a bare name (no org) to models--<name>', async () => {
    const cacheDir = await scratch();
    const folder = await resolveModelFolder('tiny', { cacheDir, endpoint: hub.endpoint, files: ['vocab.txt'] });
    expect(folder).toBe(path.join(cacheDir, 'models--tiny', 'snapshots', 'main'));
    expect((await readdir(folder)).sort()).toEqual(['config.json', 'model.safetensors', 'vocab.txt']);
    expect(hub.requests).toHaveLength(3);
  });

  it('names the snapshot after X-Repo-Commit and fetches the rest from that commit', async () => {
    const cacheDir = await scratch();
    const folder = await resolveModelFolder('org/tiny', { cacheDir, endpoint: pinnedHub.endpoint, files: ['vocab.txt'] });
    const repoFolder = path.join(cacheDir, 'models--org--tiny');
    expect(folder).toBe(path.join(repoFolder, 'snapshots', commit));
    expect(await readFile(path.join(repoFolder, 'refs', 'main'), 'utf8')).toBe(commit);
    expect(pinnedHub.requests).toEqual([
      '/org/tiny/resolve/main/config.json',
      `/org/tiny/resolve/${commit}/model.safetensors`,
      `/org/tiny/resolve/${commit}/vocab.txt`,
    ]);
    pinnedHub.requests.length = 0;
    expect(await resolveModelFolder('org/tiny', { cacheDir, endpoint: pinnedHub.endpoint, files: ['vocab.txt'] })).toBe(folder);
    expect(pinnedHub.requests).toEqual([]);
  });

  it('never takes a partial download for a cached file', async () => {
    const cacheDir = await scratch();
    const repoFolder = path.join(cacheDir, 'models--org--tiny');
    const snapshot = path.join(repoFolder, 'snapshots', 'main');
    await mkdir(snapshot, { recursive: true });
    await mkdir(path.join(repoFolder, 'refs'), { recursive: true });
    await mkdir(path.join(repoFolder, '.incomplete'), { recursive: true });
    await writeFile(path.join(repoFolder, 'refs', 'main'), 'main');
    await copyFile(path.join(fixtureModel, 'config.json'), path.join(snapshot, 'config.json'));
    // what an interrupted run leaves behind
    const weights = await readFile(path.join(fixtureModel, 'model.safetensors'));
    await writeFile(path.join(repoFolder, '.incomplete', 'model.safetensors.0011223344556677'), weights.subarray(0, 1000));

    const folder = await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: [] });
    expect(folder).toBe(snapshot);
    expect(hub.requests).toEqual(['/org/tiny/resolve/main/model.safetensors']);
    expect(Buffer.compare(await readFile(path.join(snapshot, 'model.safetensors')), weights)).toBe(0);
  });

  it('leaves no file behind when the connection drops mid-download, and a later run completes it', async () => {
    const cacheDir = await scratch();
    const error = await rejection(resolveModelFolder('org/cut', { cacheDir, endpoint: hub.endpoint, files: [] }));
    expect(error.reason).toBe('incomplete-download');
    expect(error.message).toContain('model.safetensors');
    const repoFolder = path.join(cacheDir, 'models--org--cut');
    expect(await readdir(path.join(repoFolder, 'snapshots', 'main'))).toEqual(['config.json']);
    expect(await readdir(path.join(repoFolder, '.incomplete'))).toEqual([]);

    // the same repository served whole: only the missing weights are fetched
    const wholeHub = await startFixtureHubServer({ repos: { 'org/cut': fixtureModel } });
    try {
      const folder = await resolveModelFolder('org/cut', { cacheDir, endpoint: wholeHub.endpoint, files: [] });
      expect(wholeHub.requests).toEqual(['/org/cut/resolve/main/model.safetensors']);
      expect((await readdir(folder)).sort()).toEqual(['config.json', 'model.safetensors']);
    } finally {
      await wholeHub.close();
    }
  });

  it('takes the endpoint from HF_ENDPOINT and sends HF_TOKEN as a Bearer token', async () => {
    const cacheDir = await scratch();
    const folder = await withEnvironment({ HF_ENDPOINT: `${hub.endpoint}/`, HF_TOKEN: 'hf_test_token' }, () =>
      resolveModelFolder('org/tiny', { cacheDir, files: [] }),
    );
    expect(folder).toBe(path.join(cacheDir, 'models--org--tiny', 'snapshots', 'main'));
    expect(hub.requests).toEqual(['/org/tiny/resolve/main/config.json', '/org/tiny/resolve/main/model.safetensors']);
    expect(hub.authorizations).toEqual(['Bearer hf_test_token', 'Bearer hf_test_token']);
  });

  it('reports an unknown repository (404)', async () => {
    const error = await rejection(resolveModelFolder('org/unknown', { cacheDir: await scratch(), endpoint: hub.endpoint }));
    expect(error.reason).toBe('unknown-repo');
    expect(error.message).toContain('no such model repository');
    expect(error.message).toContain(hub.endpoint);
    expect(hub.requests).toEqual(['/org/unknown/resolve/main/config.json']);
  });

  it('reports a private-or-missing repository (401) with the HF_TOKEN advice', async () => {
    const cacheDir = await scratch();
    const error = await withEnvironment({ HF_TOKEN: undefined }, () =>
      rejection(resolveModelFolder('org/private', { cacheDir, endpoint: hub.endpoint })),
    );
    expect(error.reason).toBe('unknown-repo');
    expect(error.message).toContain('HF_TOKEN');
  });

  it('reports a gated repository (403)', async () => {
    const error = await rejection(resolveModelFolder('org/gated', { cacheDir: await scratch(), endpoint: hub.endpoint }));
    expect(error.reason).toBe('gated');
    expect(error.message).toContain(`${hub.endpoint}/org/gated`);
    expect(error.message).toContain('HF_TOKEN');
  });

  it('reports a repository without model.safetensors', async () => {
    const error = await rejection(resolveModelFolder('org/config-only', { cacheDir: await scratch(), endpoint: hub.endpoint }));
    expect(error.reason).toBe('missing-file');
    expect(error.message).toContain('model.safetensors');
  });

  it('reports a server error with its status', async () => {
    const error = await rejection(resolveModelFolder('org/broken', { cacheDir: await scratch(), endpoint: hub.endpoint }));
    expect(error.reason).toBe('http');
    expect(error.message).toContain('HTTP 500');
  });
});

describe('resolveModelFolder: no network', () => {
  const expectHelpfulMessage = (error: ModelResolutionError, endpoint: string): void => {
    expect(error.message).toContain("'org/tiny'");
    expect(error.message).toContain('could not be fetched');
    expect(error.message).toContain(endpoint);
    expect(error.message).toContain('download it on a machine with network access');
    expect(error.message).toContain('huggingface-cli download org/tiny --local-dir <dir>');
    expect(error.message).toContain('pass the folder path');
  };

  it('fails fast when the endpoint refuses connections', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const started = performance.now();
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir: await scratch(), endpoint }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expectHelpfulMessage(error, endpoint);
  });

  it('reports a DNS failure with the resolver code', async () => {
    const dnsFailure: typeof fetch = () => {
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND hub.invalid'), { code: 'ENOTFOUND' });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    };
    const endpoint = 'https://hub.invalid';
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir: await scratch(), endpoint, fetch: dnsFailure }));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('ENOTFOUND');
    expectHelpfulMessage(error, endpoint);
  });

  it('gives up on a server that never answers after timeoutMs', async () => {
    const started = performance.now();
    const error = await rejection(
      resolveModelFolder('org/hangs', { cacheDir: await scratch(), endpoint: hub.endpoint, timeoutMs: 200 }),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('no response within 200 ms');
  });

  it('offline: true with a cold cache fails at once with the message, without a request', async () => {
    const cacheDir = await scratch();
    const error = await rejection(resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, offline: true }));
    expect(error.reason).toBe('offline');
    expectHelpfulMessage(error, hub.endpoint);
    expect(hub.requests).toEqual([]);
  });

  it('HF_HUB_OFFLINE=1 serves a warm cache and refuses a cold one', async () => {
    const cacheDir = await scratch();
    const folder = await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint, files: ['vocab.txt'] });
    hub.requests.length = 0;
    await withEnvironment({ HF_HUB_OFFLINE: '1' }, async () => {
      // offline, the cached tokenizer files have to do even though other optional files were never asked for
      expect(await resolveModelFolder('org/tiny', { cacheDir, endpoint: hub.endpoint })).toBe(folder);
      const error = await rejection(resolveModelFolder('org/tiny', { cacheDir: await scratch(), endpoint: hub.endpoint }));
      expect(error.reason).toBe('offline');
    });
    expect(hub.requests).toEqual([]);
  });
});

describe('resolveModelFolder: control characters', () => {
  it.each(['bert\u0000base', 'org/na\nme', '\u007fmodel'])('refuses %j as a typed error before touching the file system', async (name) => {
    const error = await resolveModelFolder(name, { offline: true }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('model-resolution');
    expect((error as Error).message).toContain('control character');
  });
});
