import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DatasetFormatError } from '@adapters/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, temporaryFolder } from '../testing/test-support';
import { SequenceStore } from './sequence-store';
import { readSequenceStoreFile, writeSequenceStoreFile } from './sequence-store-file';

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

describe('sequence store files', () => {
  it('round-trips ids, token types, int and float labels and metadata', async () => {
    const store = SequenceStore.fromSequences([[101, 2023, 102], [101, 102], [101, 1, 2, 3, 102]], {
      tokenTypeIds: [[0, 0, 0], [0, 0], [0, 0, 1, 1, 1]],
      labels: [0.5, 4.75, 1],
      labelType: 'float32',
    });
    const file = path.join(folder, 'float.bin');
    await writeSequenceStoreFile(file, store, { task: 'sts-b', note: 'ünïcode' });
    const { store: read, metadata } = await readSequenceStoreFile(file);
    expect(metadata).toEqual({ task: 'sts-b', note: 'ünïcode' });
    expect([...read.offsets]).toEqual([...store.offsets]);
    expect([...read.inputIds]).toEqual([...store.inputIds]);
    expect([...(read.tokenTypeIds ?? [])]).toEqual([...(store.tokenTypeIds ?? [])]);
    expect(read.labels).toBeInstanceOf(Float32Array);
    expect([...(read.labels ?? [])]).toEqual([0.5, 4.75, 1]);

    const plain = SequenceStore.fromSequences([[5, 6, 7]], { labels: [2] });
    await writeSequenceStoreFile(path.join(folder, 'int.bin'), plain);
    const back = (await readSequenceStoreFile(path.join(folder, 'int.bin'))).store;
    expect(back.labels).toBeInstanceOf(Int32Array);
    expect(back.tokenTypeIds).toBeUndefined();
    expect([...back.inputIdsAt(0)]).toEqual([5, 6, 7]);
  });

  it('round-trips an empty store', async () => {
    const file = path.join(folder, 'empty.bin');
    await writeSequenceStoreFile(file, SequenceStore.fromSequences([]));
    expect((await readSequenceStoreFile(file)).store.size).toBe(0);
  });

  it('rejects foreign, truncated and padded files', async () => {
    const file = path.join(folder, 'victim.bin');
    await writeSequenceStoreFile(file, SequenceStore.fromSequences([[1, 2, 3], [4]]));
    const bytes = await readFile(file);

    await writeFile(path.join(folder, 'foreign.bin'), Buffer.from('not a sequence file at all'));
    expect(await caught(() => readSequenceStoreFile(path.join(folder, 'foreign.bin')))).toMatchObject({ message: expect.stringMatching(/bad magic/) });

    await writeFile(path.join(folder, 'short.bin'), bytes.subarray(0, bytes.length - 4));
    const truncated = await caught(() => readSequenceStoreFile(path.join(folder, 'short.bin')));
    expect(truncated).toBeInstanceOf(DatasetFormatError);
    expect((truncated as Error).message).toMatch(/truncated/);

    await writeFile(path.join(folder, 'long.bin'), Buffer.concat([bytes, Buffer.from([0, 0, 0, 0])]));
    expect(await caught(() => readSequenceStoreFile(path.join(folder, 'long.bin')))).toMatchObject({ message: expect.stringMatching(/4 unexpected bytes/) });
  });
});
