// The committed bin entry (what `npm ci` links as `adapters`) loads dist/cli.js, or says how to build it.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('bin/adapters.mjs', () => {
  it('is the package bin, and without a build it exits 1 saying to run npm run build', async () => {
    const manifest = JSON.parse(await readFile(path.join(packageRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(manifest.bin).toEqual({ adapters: './bin/adapters.mjs' });
    expect(manifest.files).toContain('bin');
    const copy = await mkdtemp(path.join(tmpdir(), 'adapters-bin-'));
    try {
      await mkdir(path.join(copy, 'bin'));
      await copyFile(path.join(packageRoot, 'bin/adapters.mjs'), path.join(copy, 'bin/adapters.mjs'));
      const run = spawnSync(process.execPath, [path.join(copy, 'bin/adapters.mjs'), '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('@adapters/cli is not built yet');
      expect(run.stderr).toContain('npm run build');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
