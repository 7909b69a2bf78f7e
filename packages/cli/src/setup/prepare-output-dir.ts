import { readdir, stat } from 'node:fs/promises';
import { InvalidConfigError } from '@adapters/core';

/**
 * The Python scripts' guard: training into a folder that already holds files needs `--overwrite_output_dir`
 * (or `--resume_from_checkpoint`, which continues what is there). Nothing is deleted either way.
 */
export async function checkOutputDir(outputDir: string, options: { overwrite: boolean; resuming: boolean }): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(outputDir);
    if (!info.isDirectory()) {
      throw new InvalidConfigError({ path: '--output_dir', expected: 'a folder (this path is a file)', received: outputDir });
    }
    entries = await readdir(outputDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length === 0 || options.overwrite || options.resuming) return;
  throw new InvalidConfigError({
    path: '--output_dir',
    expected:
      `an empty or new folder: it already holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''}). ` +
      'Use --overwrite_output_dir to train into it anyway, or --resume_from_checkpoint to continue a run',
    received: outputDir,
  });
}
