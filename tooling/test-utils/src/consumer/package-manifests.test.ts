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

  it('the licence the packages declare is in the repository', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });
});
