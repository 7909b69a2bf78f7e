// AutoModelWithHeads.fromPretrained from a FileSource: files in memory, a static server, the hub's resolve/main/ layout.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdaptersError, FileFormatError, FileSourceError, fileMapSource, urlSource, type FileSource } from '@adapters/core';
import { dataRoot, startStaticFileServer, type StaticFileServer } from '@adapters/test-utils';
import { AutoModelWithHeads } from './auto-model-with-heads';
import { startFixtureHubServer, type FixtureHubServer } from './hub/testing/fixture-hub-server';
import { fillMask } from './predict';

const MODEL_FOLDER = path.join(dataRoot(), 'models/bert-tiny-mlm');
const SENTENCES = ['to be or not to [MASK] .', 'he was born in [MASK] .'];

function filesOf(folder: string): Map<string, Uint8Array> {
  return new Map(readdirSync(folder).map((name) => [name, new Uint8Array(readFileSync(path.join(folder, name)))]));
}

async function predictions(source: string | FileSource, options: Parameters<typeof AutoModelWithHeads.fromPretrained>[1] = {}): Promise<{ results: unknown[]; modelName: string | undefined; heads: string[] }> {
  const model = await AutoModelWithHeads.fromPretrained(source, options);
  try {
    const results = [];
    for (const sentence of SENTENCES) results.push(await fillMask(model, sentence, { topK: 5 }));
    return { results, modelName: model.encoder.modelName, heads: model.headNames() };
  } finally {
    model.dispose();
  }
}

let staticServer: StaticFileServer;
let hub: FixtureHubServer;
let expected: Awaited<ReturnType<typeof predictions>>;
beforeAll(async () => {
  staticServer = await startStaticFileServer(path.dirname(MODEL_FOLDER), { prefix: '/assets/models/' });
  hub = await startFixtureHubServer({ repos: { 'google/bert-tiny-mlm': MODEL_FOLDER } });
  expected = await predictions(MODEL_FOLDER);
});
afterAll(async () => {
  await staticServer.close();
  await hub.close();
});

describe('AutoModelWithHeads.fromPretrained(source)', () => {
  it('a file map of bert-tiny-mlm: the same converted MLM head, tokenizer and predictions as the folder', async () => {
    const loaded = await predictions(fileMapSource(filesOf(MODEL_FOLDER)));
    expect(loaded.heads).toEqual(['default']);
    expect(loaded.results).toEqual(expected.results);
    expect(expected.modelName).toBe('bert-tiny-mlm');
    expect(loaded.modelName).toBe('file map');
    expect((await predictions(fileMapSource(filesOf(MODEL_FOLDER)), { modelName: 'prajjwal1/bert-tiny' })).modelName).toBe('prajjwal1/bert-tiny');
  });

  it('a static server (plain layout): the same predictions; the model is named after the last URL segment', async () => {
    const loaded = await predictions(urlSource(`${staticServer.base}bert-tiny-mlm`));
    expect(loaded.results).toEqual(expected.results);
    expect(loaded.modelName).toBe('bert-tiny-mlm');
    expect(staticServer.requests).toContain('/assets/models/bert-tiny-mlm/model.safetensors');
  });

  it("the hub's resolve/main/ layout: the same predictions; the model is named after the repository", async () => {
    const loaded = await predictions(urlSource(`${hub.endpoint}/google/bert-tiny-mlm/resolve/main/`));
    expect(loaded.results).toEqual(expected.results);
    expect(loaded.modelName).toBe('google/bert-tiny-mlm');
  });

  it('without tokenizer files the model loads without a tokenizer', async () => {
    const files = filesOf(MODEL_FOLDER);
    files.delete('vocab.txt');
    const model = await AutoModelWithHeads.fromPretrained(fileMapSource(files));
    expect(model.tokenizer).toBeUndefined();
    model.dispose();
  });

  it('typed errors name the missing file of the source', async () => {
    const noWeights = filesOf(MODEL_FOLDER);
    noWeights.delete('model.safetensors');
    const missingWeights = await AutoModelWithHeads.fromPretrained(fileMapSource(noWeights, 'upload')).catch((caught: unknown) => caught);
    expect(missingWeights).toBeInstanceOf(FileFormatError);
    expect((missingWeights as Error).message).toMatch(/^upload\/model\.safetensors: not found; an HF model folder needs config\.json and model\.safetensors/);
    const missingConfig = await AutoModelWithHeads.fromPretrained(urlSource(`${staticServer.base}no-such-model/`)).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(missingConfig) && missingConfig.code).toBe('file-format');
    expect((missingConfig as Error).message).toBe(`${staticServer.base}no-such-model/config.json: cannot be read (does it exist?)`);
  });

  it('an HTTP error on the weights is a FileSourceError naming their URL', async () => {
    const failing = await startStaticFileServer(path.dirname(MODEL_FOLDER), {
      intercept: (request, response) => {
        if (!(request.url ?? '').endsWith('model.safetensors')) return false;
        response.writeHead(500);
        response.end();
        return true;
      },
    });
    try {
      const error = await AutoModelWithHeads.fromPretrained(urlSource(`${failing.base}bert-tiny-mlm/`)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FileSourceError);
      expect((error as Error).message).toBe(`Cannot read ${failing.base}bert-tiny-mlm/model.safetensors: HTTP 500 Internal Server Error`);
    } finally {
      await failing.close();
    }
  });
});
