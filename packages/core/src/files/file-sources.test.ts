import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startStaticFileServer, type StaticFileServer, type StaticFileServerOptions } from '@adapters/test-utils';
import { AdaptersError } from '../errors/adapters-error';
import { FileSourceError } from '../errors/file-source-error';
import { FileFormatError } from '../errors/file-format-error';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { PlatformError } from '../errors/platform-error';
import { sourceFileName } from './file-source';
import { fileMapSource } from './file-map-source';
import { folderSource } from './folder-source';
import { readSourceJson, readSourceText } from './read-source-file';
import { sourceBaseName } from './source-base-name';
import { urlSource } from './url-source';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function scratchFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'adapters-source-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), text);
  }
  return folder;
}

async function serve(folder: string, prefix?: string, intercept?: StaticFileServerOptions['intercept']): Promise<StaticFileServer> {
  const server = await startStaticFileServer(folder, { prefix, intercept });
  cleanups.push(() => server.close());
  return server;
}

const bytesOf = (text: string): number[] => [...new TextEncoder().encode(text)];

describe('fileMapSource', () => {
  it('serves text (as UTF-8) and bytes by name, sub-paths included; a missing name is undefined', async () => {
    const source = fileMapSource({ 'config.json': '{"a": "é"}', 'adapter/weights.bin': new Uint8Array([1, 2, 3]) });
    expect(source.location).toBe('file map');
    expect(await readSourceJson(source, 'config.json')).toEqual({ a: 'é' });
    expect([...((await source.read('adapter/weights.bin')) ?? [])]).toEqual([1, 2, 3]);
    expect([...((await source.read('./adapter//weights.bin')) ?? [])]).toEqual([1, 2, 3]);
    expect(await source.read('vocab.txt')).toBeUndefined();
  });

  it('takes a Map and a location that errors name', async () => {
    const source = fileMapSource(new Map([['config.json', '{"broken": ']]), 'upload');
    const error = await readSourceJson(source, 'config.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toMatch(/^upload\/config\.json: is not valid JSON/);
    const missing = await readSourceJson(source, 'model.json').catch((caught: unknown) => caught);
    expect((missing as Error).message).toBe('upload/model.json: cannot be read (does it exist?)');
  });
});

describe('urlSource', () => {
  it('fetches files under the base (with or without a trailing slash); a 404 is undefined', async () => {
    const folder = await scratchFolder({ 'config.json': '{"x": 1}', 'sub dir/a b.txt': 'spaced' });
    const server = await serve(folder, '/static/model/');
    for (const base of [server.base, server.base.slice(0, -1), new URL(server.base)]) {
      const source = urlSource(base);
      expect(source.location).toBe(server.base);
      expect(await readSourceJson(source, 'config.json')).toEqual({ x: 1 });
      expect(await readSourceText(source, 'sub dir/a b.txt')).toBe('spaced');
      expect(await source.read('missing.json')).toBeUndefined();
    }
    expect(server.requests).toContain('/static/model/sub%20dir/a%20b.txt');
    expect(sourceFileName(urlSource(server.base), 'config.json')).toBe(`${server.base}config.json`);
  });

  it('an HTTP error other than 404 is a FileSourceError naming the URL and the status', async () => {
    const folder = await scratchFolder({});
    const server = await serve(folder, '/', (_request, response) => {
      response.writeHead(503, 'Service Unavailable');
      response.end();
      return true;
    });
    const error = await urlSource(server.base).read('config.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileSourceError);
    expect(AdaptersError.isInstance(error) && error.code).toBe('file-source');
    expect((error as FileSourceError).status).toBe(503);
    expect((error as Error).message).toBe(`Cannot read ${server.base}config.json: HTTP 503 Service Unavailable`);
    // readSourceJson lets the source's own error through instead of calling the file missing
    await expect(readSourceJson(urlSource(server.base), 'config.json')).rejects.toBeInstanceOf(FileSourceError);
  });

  it('no answer at all is a FileSourceError naming the URL', async () => {
    const folder = await scratchFolder({});
    const server = await serve(folder);
    const base = server.base;
    await server.close();
    cleanups.pop();
    const error = await urlSource(base).read('config.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileSourceError);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot read ${base}config\\.json: no answer`));
  });

  it("a relative base resolves against the page's address; outside a page it is an InvalidConfigError", async () => {
    const folder = await scratchFolder({ 'models/tiny/config.json': '{"z": 3}' });
    const server = await serve(folder, '/app/');
    expect(() => urlSource('models/tiny/')).toThrow(InvalidConfigError);
    expect(() => urlSource('models/tiny/')).toThrow(/'base'.*an absolute URL, or a relative one inside a page or worker/);
    vi.stubGlobal('location', { href: `${server.base}index.html` });
    try {
      const source = urlSource('models/tiny/');
      expect(source.location).toBe('models/tiny/');
      expect(await readSourceJson(source, 'config.json')).toEqual({ z: 3 });
      expect(sourceFileName(source, 'config.json')).toBe(`${server.base}models/tiny/config.json`);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sends the given headers, with the given fetch', async () => {
    const folder = await scratchFolder({ 'config.json': '{}' });
    const server = await serve(folder);
    const calls: string[] = [];
    const source = urlSource(server.base, {
      headers: { authorization: 'Bearer secret' },
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    expect(await readSourceJson(source, 'config.json')).toEqual({});
    expect(calls).toEqual([`${server.base}config.json`]);
    expect(server.headers[0]?.authorization).toBe('Bearer secret');
  });
});

describe('folderSource', () => {
  it('reads files and sub-paths of a folder; a missing file is undefined; errors name path.join(folder, name)', async () => {
    const folder = await scratchFolder({ 'config.json': '{"y": 2}', 'adapter/head_config.json': '{}' });
    const source = folderSource(folder);
    expect(source.location).toBe(folder);
    expect(await readSourceJson(source, 'config.json')).toEqual({ y: 2 });
    expect(await readSourceJson(source, 'adapter/head_config.json')).toEqual({});
    expect(await source.read('missing.json')).toBeUndefined();
    expect(await source.read('config.json/inside')).toBeUndefined();
    const missing = await readSourceJson(folderSource('/nonexistent/model'), 'config.json').catch((caught: unknown) => caught);
    expect((missing as Error).message).toBe('/nonexistent/model/config.json: cannot be read (does it exist?)');
  });

  it('outside Node (no process.getBuiltinModule), reading is a PlatformError', async () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    try {
      await expect(folderSource('/models/bert-tiny').read('config.json')).rejects.toBeInstanceOf(PlatformError);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('keeps a byte-order mark as reading the file as UTF-8 does', async () => {
    const folder = await scratchFolder({ 'vocab.txt': '\uFEFF[PAD]' });
    expect(bytesOf((await readSourceText(folderSource(folder), 'vocab.txt')) ?? '')).toEqual(bytesOf('\uFEFF[PAD]'));
  });
});

describe('sourceBaseName', () => {
  it("is the folder's name, a hub URL's repository id, else the URL's or location's last segment", () => {
    expect(sourceBaseName(folderSource('/models/bert-tiny/'))).toBe('bert-tiny');
    expect(sourceBaseName(urlSource('https://huggingface.co/prajjwal1/bert-tiny/resolve/main/'))).toBe('prajjwal1/bert-tiny');
    expect(sourceBaseName(urlSource('http://127.0.0.1:8080/models/bert-tiny-mlm'))).toBe('bert-tiny-mlm');
    expect(sourceBaseName(fileMapSource({}, 'my upload'))).toBe('my upload');
  });
});
