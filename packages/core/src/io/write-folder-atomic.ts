import { nodeModule } from '../platform/node-module';
import { ioError } from '../errors/io-error';

const { randomBytes } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { copyFile, link, lstat, mkdir, readdir, rename, rm } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const { basename, dirname, join } = nodeModule<typeof import('node:path')>('node:path');

/** `.<name>.tmp-<hex>` (being written), `.<name>.old-<hex>` (previous version moved aside), `.<name>.del-<hex>` (being deleted). */
const TEMPORARY_PATTERN = /^\.(.+)\.(tmp|old|del)-[0-9a-f]{6,}$/;

export interface WriteFolderAtomicOptions {
  /**
   * Carry over the entries of the existing folder that `write` did not produce (hard links, so nothing is
   * copied), as HF's `save_*` methods write into a folder without clearing it. Default false: the new
   * folder replaces the old one whole.
   */
  readonly keepOtherEntries?: boolean;
}

/**
 * Test hook for the kill-during-save test: with `ADAPTERS_TEST_SLOW_FOLDER_WRITES_MS=<ms>` each folder write
 * announces itself on stderr and pauses that long between its steps, so a `kill -9` can land inside it.
 */
async function testPause(step: string, target: string): Promise<void> {
  const pause = Number(process.env.ADAPTERS_TEST_SLOW_FOLDER_WRITES_MS ?? 0);
  if (!(pause > 0)) return;
  process.stderr.write(`writeFolderAtomic ${step} ${target}\n`);
  await new Promise((resolve) => setTimeout(resolve, pause));
}

function temporaryName(target: string, kind: 'tmp' | 'old' | 'del', suffix: string): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${suffix}`);
}

/**
 * Fills a hidden temp folder beside `target` with `write`, then renames it to `target`, so `target` is
 * always absent, the previous complete version, or the new complete version, never half written. An
 * existing `target` is moved aside only once the new folder is complete; `removeTemporaryFolders` puts it
 * back if the process dies between the two renames. Leftovers of earlier killed runs beside `target` are
 * cleaned first. A failed `write` removes the temp folder and rethrows.
 */
export async function writeFolderAtomic(target: string, write: (folder: string) => Promise<void>, options: WriteFolderAtomicOptions = {}): Promise<void> {
  const parent = dirname(target);
  await guardIo('create the folder', parent, () => mkdir(parent, { recursive: true }));
  await removeTemporaryFolders(parent, basename(target));
  const suffix = randomBytes(6).toString('hex');
  const temporary = temporaryName(target, 'tmp', suffix);
  await guardIo('create the folder', temporary, () => mkdir(temporary));
  try {
    await testPause('start', target);
    await write(temporary);
    if (options.keepOtherEntries === true && (await exists(target))) await linkMissingEntries(target, temporary);
    await testPause('written', target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw ioError('write the folder', target, error);
  }
  if (!(await exists(target))) {
    await guardIo('rename the folder into place', target, () => rename(temporary, target));
    return;
  }
  // rename() cannot replace a non-empty folder: move the old one aside first, then drop it.
  const previous = temporaryName(target, 'old', suffix);
  await guardIo('move the previous folder aside', target, () => rename(target, previous));
  await testPause('moved-aside', target);
  await guardIo('rename the folder into place', target, () => rename(temporary, target));
  await rm(previous, { recursive: true, force: true });
}

/**
 * Deletes a folder without ever leaving it half deleted under its own name: it is renamed to a hidden
 * `.del-` name first (one atomic step), then removed; `removeTemporaryFolders` finishes the job after a kill.
 */
export async function removeFolderAtomic(target: string): Promise<void> {
  const doomed = temporaryName(target, 'del', randomBytes(6).toString('hex'));
  try {
    await rename(target, doomed);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw ioError('remove the folder', target, error);
  }
  await rm(doomed, { recursive: true, force: true });
}

/**
 * Cleans up after a run killed inside `writeFolderAtomic` or `removeFolderAtomic` in `parent`: temp and
 * half-deleted folders are removed, and a previous version moved aside (`.old-`) whose replacement never
 * arrived is put back. With `only`, touches just the leftovers of that one entry name.
 */
export async function removeTemporaryFolders(parent: string, only?: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY_PATTERN.exec(name);
    if (match === null || (only !== undefined && match[1] !== only)) continue;
    const target = join(parent, match[1] as string);
    if (match[2] === 'old' && !(await exists(target))) await guardIo('restore the previous folder', target, () => rename(join(parent, name), target));
    else await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** Hard-links (or copies, where links are refused) every entry of `from` that `to` lacks, recursively. */
async function linkMissingEntries(from: string, to: string): Promise<void> {
  const present = new Set(await readdir(to));
  for (const name of await readdir(from)) {
    if (TEMPORARY_PATTERN.test(name)) continue;
    const source = join(from, name);
    const destination = join(to, name);
    const info = await lstat(source);
    if (info.isDirectory()) {
      if (!present.has(name)) await mkdir(destination);
      await linkMissingEntries(source, destination);
    } else if (!present.has(name) && info.isFile()) {
      await link(source, destination).catch(() => copyFile(source, destination));
    }
  }
}

async function guardIo<T>(action: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw ioError(action, path, error);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
