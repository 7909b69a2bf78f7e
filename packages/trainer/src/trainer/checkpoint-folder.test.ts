import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporaryDirectories, temporaryDirectory } from '../testing/trainer-test-support';
import { checkpointFolder, listCheckpoints, removeTemporaryFolders, writeFolderAtomic } from './checkpoint-folder';

afterEach(removeTemporaryDirectories);

describe('checkpoint folders', () => {
  it('replaces a folder whole, and leaves the old one untouched when the write fails', async () => {
    const outputDir = await temporaryDirectory();
    const target = checkpointFolder(outputDir, 5);
    await writeFolderAtomic(target, (folder) => writeFile(join(folder, 'a.txt'), 'first'));
    await writeFolderAtomic(target, (folder) => writeFile(join(folder, 'b.txt'), 'second'));
    expect(await readdir(target)).toEqual(['b.txt']);
    await expect(
      writeFolderAtomic(target, async (folder) => {
        await writeFile(join(folder, 'c.txt'), 'partial');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(target, 'b.txt'), 'utf8')).toBe('second');
    expect(await readdir(outputDir)).toEqual(['checkpoint-5']);
  });

  it('cleans up after a killed run: temp folders go, a moved-aside previous version comes back', async () => {
    const outputDir = await temporaryDirectory();
    await mkdir(join(outputDir, '.checkpoint-9.tmp-0123ab'));
    await mkdir(join(outputDir, '.checkpoint-4.old-4567cd'));
    await writeFile(join(outputDir, '.checkpoint-4.old-4567cd', 'model.safetensors'), 'weights');
    await mkdir(join(outputDir, 'checkpoint-10'));
    await mkdir(join(outputDir, 'checkpoint-2'));
    await removeTemporaryFolders(outputDir);
    expect((await readdir(outputDir)).sort()).toEqual(['checkpoint-10', 'checkpoint-2', 'checkpoint-4']);
    expect(await readFile(join(outputDir, 'checkpoint-4', 'model.safetensors'), 'utf8')).toBe('weights');
    expect((await listCheckpoints(outputDir)).map((checkpoint) => checkpoint.step)).toEqual([2, 4, 10]);
    expect(await listCheckpoints(join(outputDir, 'missing'))).toEqual([]);
  });
});
