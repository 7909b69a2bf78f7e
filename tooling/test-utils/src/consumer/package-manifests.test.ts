import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths';

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const PACKAGES = readdirSync(path.join(REPO_ROOT, 'packages')).filter((name) => existsSync(path.join(REPO_ROOT, 'packages', name, 'package.json')));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;

function manifestOf(name: string): Manifest {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'packages', name, 'package.json'), 'utf8')) as Manifest;
}

/** The package a specifier names (`@scope/name` or `name`), or undefined for relative paths and Node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const found = [`${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

/** Every package imported by the modules reachable from `src/index.ts` (what a consumer's install runs). */
function shippedImports(name: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[2]!;
      if (specifier.startsWith('.')) visit(resolveRelative(file, specifier));
      else {
        const imported = packageOf(specifier);
        if (imported !== undefined) packages.add(imported);
      }
    }
  };
  visit(path.join(REPO_ROOT, 'packages', name, 'src', 'index.ts'));
  return packages;
}

describe('package manifests (what a consumer installs)', () => {
  it.each(PACKAGES)('%s declares every package its shipped code imports, and nothing only its tests use', (name) => {
    const manifest = manifestOf(name);
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const imported = shippedImports(name);
    expect([...imported].filter((dependency) => !declared.has(dependency))).toEqual([]);
    // Peers may be optional backends; plain dependencies are installed for every consumer, so each must be used.
    expect(Object.keys(manifest.dependencies ?? {}).filter((dependency) => !imported.has(dependency))).toEqual([]);
    expect(manifest.license).toBe('Apache-2.0');
  });

  it('the licence the packages declare is in the repository, and a copy of it in every package', () => {
    const licence = readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    for (const name of PACKAGES) expect(readFileSync(path.join(REPO_ROOT, 'packages', name, 'LICENSE'), 'utf8'), name).toBe(licence);
  });

  it('every tarball npm would publish carries LICENSE', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', ...PACKAGES.flatMap((name) => ['-w', `@adapters/${name}`])], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as { name: string; files: { path: string }[] }[];
    expect(packed.map((tarball) => tarball.name).sort()).toEqual(PACKAGES.map((name) => `@adapters/${name}`).sort());
    expect(packed.filter((tarball) => !tarball.files.some((file) => file.path === 'LICENSE')).map((tarball) => tarball.name)).toEqual([]);
  });
});

interface InstallLine {
  readonly comment: string;
  readonly packages: readonly string[];
}

/** The README's `## Install` block: each `npm install` line with the comment above it. */
function readmeInstallLines(): InstallLine[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## Install\n')[1]?.split('\n## ')[0] ?? '';
  const block = section.split('```bash\n')[1]?.split('```')[0] ?? '';
  const lines: InstallLine[] = [];
  let comment = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('# ')) comment = line.slice(2);
    else if (line.startsWith('npm install ')) lines.push({ comment, packages: line.slice('npm install '.length).trim().split(/\s+/) });
  }
  return lines;
}

/** What installing `name` puts into node_modules: its dependencies, transitively (workspace or monorepo node_modules). */
function installedWith(name: string, into = new Set<string>()): Set<string> {
  if (into.has(name)) return into;
  into.add(name);
  const local = name.startsWith('@adapters/') ? path.join(REPO_ROOT, 'packages', name.slice('@adapters/'.length), 'package.json') : path.join(REPO_ROOT, 'node_modules', name, 'package.json');
  const manifest = JSON.parse(readFileSync(local, 'utf8')) as Manifest;
  for (const dependency of Object.keys(manifest.dependencies ?? {})) if (dependency.startsWith('@adapters/') || dependency.startsWith('@tensorflow/')) installedWith(dependency, into);
  return into;
}

describe("README's Install lines", () => {
  const lines = readmeInstallLines();

  it('cover Node and the browser, inference and training', () => {
    expect(lines.map((line) => line.comment)).toEqual([
      'Node, inference only (wasm backend)',
      'Node, training (wasm backend)',
      'Node, training on the native backend (Linux, after apt-get install -y libopenblas-dev)',
      'Browser (any bundler), inference only',
      'Browser, training',
    ]);
    // "@adapters/auto brings core, models, layers, heads and tokenizers".
    expect(Object.keys(manifestOf('auto').dependencies ?? {}).sort()).toEqual(['@adapters/core', '@adapters/heads', '@adapters/layers', '@adapters/models', '@adapters/tokenizers']);
  });

  it.each(readmeInstallLines().map((line) => [line.comment, line] as const))('%s: every required peer is installed, training gets gradients', (comment, line) => {
    const installed = new Set<string>();
    for (const name of line.packages) installedWith(name, installed);
    const missing: string[] = [];
    for (const name of installed) {
      if (!name.startsWith('@adapters/')) continue;
      const manifest = manifestOf(name.slice('@adapters/'.length)) as Manifest & { peerDependenciesMeta?: Record<string, { optional?: boolean }> };
      for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
        if (manifest.peerDependenciesMeta?.[peer]?.optional !== true && !installed.has(peer)) missing.push(`${name} needs ${peer}`);
      }
    }
    expect(missing).toEqual([]);
    // A backend initBackend can pick.
    expect([...installed].some((name) => /^@tensorflow\/tfjs-backend-(wasm|cpu)$|^@adapters\/backend-native$/.test(name))).toBe(true);
    // initBackend registers tfjs-core's own gradients (consumer-node.test.ts trains with nothing more), so no
    // line needs the union package.
    expect(installed.has('@tensorflow/tfjs-core')).toBe(true);
    expect(installed.has('@tensorflow/tfjs')).toBe(false);
    if (comment.includes('training')) expect(line.packages).toContain('@adapters/trainer');
  });
});
