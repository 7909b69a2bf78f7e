import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const CHECKPOINT_PATTERN = /^checkpoint-(\d+)$/;
const TEMPORARY_PATTERN = /^\.(checkpoint-\d+)\.(tmp|old)-[0-9a-f]+$/;

/** `<outputDir>/checkpoint-<step>`, HF's name. */
export function checkpointFolder(outputDir: string, step: number): string {
  return join(outputDir, `checkpoint-${step}`);
}

/**
 * Fills a hidden temp folder next to `target` with `write`, then renames it to `target`, so `target` is
 * either absent, the previous complete version, or the new complete version — never half written. A failed
 * `write` removes the temp folder and rethrows.
 */
export async function writeFolderAtomic(target: string, write: (folder: string) => Promise<void>): Promise<void> {
  const suffix = randomBytes(6).toString('hex');
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${suffix}`);
  await mkdir(temporary, { recursive: true });
  try {
    await write(temporary);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  if (!(await exists(target))) {
    await rename(temporary, target);
    return;
  }
  // rename() cannot replace a non-empty folder: move the old one aside first, then drop it.
  const previous = join(dirname(target), `.${basename(target)}.old-${suffix}`);
  await rename(target, previous);
  await rename(temporary, target);
  await rm(previous, { recursive: true, force: true });
}

/** The complete checkpoints in `outputDir`, oldest step first. */
export async function listCheckpoints(outputDir: string): Promise<Array<{ step: number; folder: string }>> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch {
    return [];
  }
  const found: Array<{ step: number; folder: string }> = [];
  for (const name of names) {
    const match = CHECKPOINT_PATTERN.exec(name);
    if (match !== null) found.push({ step: Number(match[1]), folder: join(outputDir, name) });
  }
  return found.sort((left, right) => left.step - right.step);
}

/**
 * Cleans up after a run killed inside `writeFolderAtomic`: temp folders are removed, and a previous version
 * moved aside (`.old-`) whose replacement never arrived is put back.
 */
export async function removeTemporaryFolders(outputDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY_PATTERN.exec(name);
    if (match === null) continue;
    const target = join(outputDir, match[1] as string);
    if (match[2] === 'old' && !(await exists(target))) await rename(join(outputDir, name), target);
    else await rm(join(outputDir, name), { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
