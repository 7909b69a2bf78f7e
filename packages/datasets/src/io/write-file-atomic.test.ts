import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, temporaryFolder } from '../testing/test-support';
import { writeFileAtomic } from './write-file-atomic';

let folder = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => ({ folder, remove } = await temporaryFolder()));
afterAll(() => remove());

describe('writeFileAtomic', () => {
  it('writes the parts back to back, creating folders, and leaves no temp file', async () => {
    const file = path.join(folder, 'nested', 'deeper', 'out.bin');
    await writeFileAtomic(file, [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]);
    expect([...(await readFile(file))]).toEqual([1, 2, 3]);
    expect(await readdir(path.dirname(file))).toEqual(['out.bin']);
  });

  it('replaces an existing file whole', async () => {
    const file = path.join(folder, 'replace.bin');
    await writeFileAtomic(file, [new Uint8Array(100).fill(7)]);
    await writeFileAtomic(file, [new Uint8Array([9])]);
    expect([...(await readFile(file))]).toEqual([9]);
  });

  it('cleans up its temp file when the rename fails', async () => {
    const target = path.join(folder, 'occupied');
    await mkdir(path.join(target, 'child'), { recursive: true });
    expect(await caught(() => writeFileAtomic(target, [new Uint8Array([1])]))).toBeInstanceOf(Error);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
