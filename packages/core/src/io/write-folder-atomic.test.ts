import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdaptersError } from '../errors/adapters-error';
import { IoError } from '../errors/io-error';
import { writeFileAtomic } from './write-file-atomic';
import { writeFolderAtomic } from './write-folder-atomic';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

function diskFull(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

describe('writeFolderAtomic', () => {
  it('a full disk during the write is an IoError naming the folder and the cause; the previous folder stays whole, no temp is left', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'adapters-atomic-'));
    folders.push(parent);
    const target = join(parent, 'rte');
    await writeFolderAtomic(target, (folder) => writeFile(join(folder, 'adapter_config.json'), 'v1'));
    const error = await writeFolderAtomic(target, async (folder) => {
      await writeFile(join(folder, 'adapter.safetensors'), 'half');
      throw diskFull();
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IoError);
    expect(AdaptersError.isInstance(error) && error.code).toBe('io');
    expect((error as IoError).message).toBe(`Cannot write the folder ${target}: ENOSPC: no space left on device, write`);
    expect((error as IoError).systemCode).toBe('ENOSPC');
    expect(await readdir(parent)).toEqual(['rte']);
    expect(await readdir(target)).toEqual(['adapter_config.json']);
    expect(await readFile(join(target, 'adapter_config.json'), 'utf8')).toBe('v1');
  });

  it('writeFileAtomic turns a system error into an IoError naming the file', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'adapters-atomic-'));
    folders.push(parent);
    const file = join(parent, 'missing-folder', 'eval_results.json');
    const error = await writeFileAtomic(file, '{}').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).path).toBe(file);
    expect((error as IoError).systemCode).toBe('ENOENT');
  });
});
