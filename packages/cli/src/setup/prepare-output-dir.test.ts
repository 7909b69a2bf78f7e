import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, temporaryFolder } from '../testing/tiny-model-folder';
import { checkOutputDir } from './prepare-output-dir';

afterAll(removeTemporaryFolders);

describe('checkOutputDir', () => {
  it('refuses a non-empty folder unless overwriting or resuming, as the Python scripts do', async () => {
    const root = await temporaryFolder();
    const fresh = { overwrite: false, resuming: false };
    await expect(checkOutputDir(path.join(root, 'new'), fresh)).resolves.toBeUndefined();
    await mkdir(path.join(root, 'empty'));
    await expect(checkOutputDir(path.join(root, 'empty'), fresh)).resolves.toBeUndefined();
    await mkdir(path.join(root, 'used'));
    await writeFile(path.join(root, 'used', 'eval_results.json'), '{}');
    await expect(checkOutputDir(path.join(root, 'used'), fresh)).rejects.toMatchObject({ code: 'invalid-config', path: '--output_dir' });
    await expect(checkOutputDir(path.join(root, 'used'), fresh)).rejects.toThrow(/holds 1 entry \(eval_results\.json\).*--overwrite_output_dir/);
    await expect(checkOutputDir(path.join(root, 'used'), { overwrite: true, resuming: false })).resolves.toBeUndefined();
    await expect(checkOutputDir(path.join(root, 'used'), { overwrite: false, resuming: true })).resolves.toBeUndefined();
    await expect(checkOutputDir(path.join(root, 'used', 'eval_results.json'), fresh)).rejects.toMatchObject({ path: '--output_dir' });
  });
});
