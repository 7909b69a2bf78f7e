import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';

/** Every published package: what `npm pack` turns into tarballs for a consumer. */
export const PUBLISHED_PACKAGES = ['core', 'tokenizers', 'layers', 'models', 'heads', 'datasets', 'trainer', 'auto', 'backend-native', 'cli'];

export interface ConsumerProjectOptions {
  /** Packages (folder names under packages/) to pack and install. */
  readonly packages: readonly string[];
  /** Registry packages the consumer would install itself, linked from the monorepo so the test stays offline. */
  readonly linked: readonly string[];
  /** Files to write, path relative to the project → content. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface ConsumerProject {
  readonly root: string;
  remove(): Promise<void>;
}

/**
 * A project outside the monorepo (nothing resolves through its node_modules or workspaces) with the packed
 * tarballs installed the way a user installs them: `npm pack`, then `npm install <tarballs>` offline (their
 * registry dependencies from the npm cache, install scripts off).
 */
export async function createConsumerProject(options: ConsumerProjectOptions): Promise<ConsumerProject> {
  for (const name of options.packages) {
    if (!existsSync(path.join(REPO_ROOT, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name}/dist is missing: run 'npx turbo run build' before the tests`);
    }
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'adapters-consumer-'));
  const packs = path.join(root, 'packs');
  await mkdir(packs);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', packs, ...options.packages.flatMap((name) => ['-w', `@adapters/${name}`])], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const tarballs = (await readdir(packs)).map((file) => path.join(packs, file));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', ...tarballs], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, npm_config_offline: 'true' },
  });
  for (const name of options.linked) {
    const target = path.join(root, 'node_modules', name);
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(path.join(REPO_ROOT, 'node_modules', name), target, 'dir');
  }
  for (const [file, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
