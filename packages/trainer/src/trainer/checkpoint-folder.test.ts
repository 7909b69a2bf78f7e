import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporaryDirectories, temporaryDirectory } from '../testing/trainer-test-support';
import { checkpointFolder, listCheckpoints, removeFolderAtomic, removeTemporaryFolders, writeFolderAtomic } from './checkpoint-folder';

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
    await writeFile(join(outputDir, '.checkpoint-4.old-4567cd', 'trainer_state.json'), '{}');
    await mkdir(join(outputDir, '.checkpoint-1.del-89abcd'));
    for (const step of [10, 2]) {
      await mkdir(join(outputDir, `checkpoint-${step}`));
      await writeFile(join(outputDir, `checkpoint-${step}`, 'trainer_state.json'), '{}');
    }
    await removeTemporaryFolders(outputDir);
    expect((await readdir(outputDir)).sort()).toEqual(['checkpoint-10', 'checkpoint-2', 'checkpoint-4']);
    expect(await readFile(join(outputDir, 'checkpoint-4', 'model.safetensors'), 'utf8')).toBe('weights');
    expect((await listCheckpoints(outputDir)).map((checkpoint) => checkpoint.step)).toEqual([2, 4, 10]);
    expect(await listCheckpoints(join(outputDir, 'missing'))).toEqual([]);
  });

  it('lists only complete checkpoints: a folder without trainer_state.json (a half-deleted one) is skipped', async () => {
    const outputDir = await temporaryDirectory();
    await mkdir(join(outputDir, 'checkpoint-36'));
    await writeFile(join(outputDir, 'checkpoint-36', 'adapter_config.json'), '{}');
    await writeFolderAtomic(checkpointFolder(outputDir, 38), (folder) => writeFile(join(folder, 'trainer_state.json'), '{}'));
    expect((await listCheckpoints(outputDir)).map((checkpoint) => checkpoint.step)).toEqual([38]);
  });

  it('removes a checkpoint by renaming it out of the way first, so no half-deleted checkpoint keeps its name', async () => {
    const outputDir = await temporaryDirectory();
    const target = checkpointFolder(outputDir, 3);
    await writeFolderAtomic(target, (folder) => writeFile(join(folder, 'trainer_state.json'), '{}'));
    await removeFolderAtomic(target);
    await removeFolderAtomic(target);
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('keeps the entries of the existing folder that the new write lacks when asked (HF save_* merge into a folder)', async () => {
    const outputDir = await temporaryDirectory();
    const target = join(outputDir, 'adapter');
    await writeFolderAtomic(target, async (folder) => {
      await writeFile(join(folder, 'head_config.json'), 'head');
      await mkdir(join(folder, 'sub'));
      await writeFile(join(folder, 'sub', 'x'), 'x');
    });
    await writeFolderAtomic(target, (folder) => writeFile(join(folder, 'adapter_config.json'), 'adapter'), { keepOtherEntries: true });
    expect((await readdir(target)).sort()).toEqual(['adapter_config.json', 'head_config.json', 'sub']);
    expect(await readFile(join(target, 'sub', 'x'), 'utf8')).toBe('x');
  });
});
