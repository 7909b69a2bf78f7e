import { copyFile, mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, glueFolder, sharedTokenizer, temporaryFolder, tinyTokenizer } from '../testing/test-support';
import { loadGlueFeatures } from './load-glue-features';

const tokenizer = sharedTokenizer('bert-base-uncased');

let root = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder: root, remove } = await temporaryFolder()));
afterAll(() => remove());

describe('loadGlueFeatures', () => {
  it('tokenizes once, then reads the same arrays from the cache', async () => {
    const cacheDir = path.join(root, 'cache-rte');
    const first = await loadGlueFeatures('RTE', 'dev', { tokenizer, maxSeqLength: 128, cacheDir });
    expect(first.fromCache).toBe(false);
    expect(first.features.size).toBe(277);
    expect(path.basename(first.cacheFile ?? '')).toMatch(/^glue-rte-dev-len128-[0-9a-f]{16}\.bin$/);
    expect(await readdir(cacheDir)).toEqual([path.basename(first.cacheFile ?? '')]);

    const second = await loadGlueFeatures('rte', 'dev', { tokenizer, maxSeqLength: 128, cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.cacheFile).toBe(first.cacheFile);
    expect([...second.features.inputIds]).toEqual([...first.features.inputIds]);
    expect([...second.features.offsets]).toEqual([...first.features.offsets]);
    expect([...(second.features.tokenTypeIds ?? [])]).toEqual([...(first.features.tokenTypeIds ?? [])]);
    expect([...(second.features.labels ?? [])]).toEqual([...(first.features.labels ?? [])]);
  });

  it('keys the cache by tokenizer, length, split and cacheKey', async () => {
    const cacheDir = path.join(root, 'cache-keys');
    const files = new Set<string | undefined>();
    for (const options of [
      { tokenizer, maxSeqLength: 128 },
      { tokenizer, maxSeqLength: 64 },
      { tokenizer: tinyTokenizer(), maxSeqLength: 128 },
      { tokenizer, maxSeqLength: 128, cacheKey: 'my-bert' },
    ]) {
      const result = await loadGlueFeatures('wnli', 'dev', { ...options, cacheDir });
      expect(result.fromCache).toBe(false);
      files.add(result.cacheFile);
    }
    const test = await loadGlueFeatures('wnli', 'test', { tokenizer, cacheDir });
    expect(test.features.labels).toBeUndefined();
    files.add(test.cacheFile);
    expect(files.size).toBe(5);
    expect((await loadGlueFeatures('wnli', 'dev', { tokenizer, maxSeqLength: 128, cacheKey: 'my-bert', cacheDir })).fromCache).toBe(true);
  });

  it('rebuilds a damaged cache file and a cache whose data file changed', async () => {
    const dataDir = path.join(root, 'wnli-copy');
    await mkdir(dataDir, { recursive: true });
    await copyFile(path.join(glueFolder('WNLI'), 'dev.tsv'), path.join(dataDir, 'dev.tsv'));
    const cacheDir = path.join(root, 'cache-damaged');
    const first = await loadGlueFeatures('wnli', 'dev', { tokenizer, cacheDir, dataDir });
    await writeFile(first.cacheFile ?? '', 'garbage');
    const rebuilt = await loadGlueFeatures('wnli', 'dev', { tokenizer, cacheDir, dataDir });
    expect(rebuilt.fromCache).toBe(false);
    expect([...rebuilt.features.inputIds]).toEqual([...first.features.inputIds]);
    expect((await loadGlueFeatures('wnli', 'dev', { tokenizer, cacheDir, dataDir })).fromCache).toBe(true);

    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dataDir, 'dev.tsv'), later, later);
    expect((await loadGlueFeatures('wnli', 'dev', { tokenizer, cacheDir, dataDir })).fromCache).toBe(false);
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('reports skipped rows, also from the cache', async () => {
    const dataDir = path.join(root, 'sst-skip');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'train.tsv'), 'sentence\tlabel\na fine film\t1\nbroken row\na dull film\t0\n');
    const cacheDir = path.join(root, 'cache-skip');
    for (const fromCache of [false, true]) {
      const result = await loadGlueFeatures('sst-2', 'train', { tokenizer, dataDir, cacheDir, invalidRows: 'skip' });
      expect(result.fromCache).toBe(fromCache);
      expect(result.features.size).toBe(2);
      expect(result.skippedRows).toEqual([{ line: 3, reason: expect.stringMatching(/found 1 tab-separated column/) }]);
    }
    expect(await caught(() => loadGlueFeatures('sst-2', 'train', { tokenizer, dataDir, cacheDir }))).toMatchObject({ line: 3 });
  });

  it('works without a cache folder and rejects a missing tokenizer', async () => {
    const result = await loadGlueFeatures('wnli', 'dev', { tokenizer });
    expect(result).toMatchObject({ fromCache: false, cacheFile: undefined });
    expect(await caught(() => loadGlueFeatures('wnli', 'dev', {} as never))).toMatchObject({ code: 'invalid-config' });
  });
});
