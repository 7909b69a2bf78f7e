// The cache is a folder other programs (and people) can write to: every path the resolver reads from or
// writes into is checked by its real path, so a planted symlink cannot lead reads or writes out of it.
import { ModelResolutionError, nodeModule } from '@adapters/core';

const { lstat, mkdir, realpath } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

export interface HubCacheGuard {
  /** Throws unless `target` (or, while it does not exist, its nearest existing folder) really lies inside the cache root. */
  assertInside(target: string): Promise<void>;
  /** Whether `file` exists as a regular file inside the cache (a link to a file inside the cache counts); one leading out throws. */
  hasFile(file: string): Promise<boolean>;
}

export function hubCacheGuard(cacheRoot: string, nameOrPath: string): HubCacheGuard {
  let rootReal: Promise<string> | undefined;
  const root = (): Promise<string> =>
    (rootReal ??= mkdir(cacheRoot, { recursive: true }).then(() => realpath(cacheRoot)));
  const refuse = (target: string, real: string, why: string): never => {
    throw new ModelResolutionError({
      nameOrPath,
      reason: 'unsafe-cache',
      message: `the cache entry ${target} ${why} (${real}), outside the cache folder ${cacheRoot}; remove it and run again`,
    });
  };
  const inside = async (real: string): Promise<boolean> => {
    const base = await root();
    return real === base || real.startsWith(base.endsWith(path.sep) ? base : `${base}${path.sep}`);
  };

  return {
    async assertInside(target) {
      let probe = path.resolve(target);
      for (;;) {
        try {
          const real = await realpath(probe);
          if (!(await inside(real))) refuse(target, real, probe === path.resolve(target) ? 'leads' : `is under a link that leads`);
          return;
        } catch (error) {
          if (ModelResolutionError.isInstance(error)) throw error;
          const code = (error as { code?: unknown }).code;
          const parent = path.dirname(probe);
          if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === probe) throw error;
          // A dangling link is not followed into creation: refuse it like one leading out.
          const link = await lstat(probe).catch(() => undefined);
          if (link?.isSymbolicLink() === true) refuse(target, probe, 'is a dangling link');
          probe = parent;
        }
      }
    },
    async hasFile(file) {
      const link = await lstat(file).catch(() => undefined);
      if (link === undefined) {
        await this.assertInside(file);
        return false;
      }
      const real = await realpath(file).catch(() => refuse(file, file, 'is a dangling link'));
      if (!(await inside(real))) refuse(file, real, 'leads');
      const stats = await lstat(real);
      return stats.isFile();
    },
  };
}
