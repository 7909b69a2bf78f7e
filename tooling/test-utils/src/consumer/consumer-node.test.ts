import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRoot, REPO_ROOT } from '../paths';
import { createConsumerProject, PUBLISHED_PACKAGES, type ConsumerProject } from './consumer-project';

// What the consumer installs from the registry itself (linked from the monorepo: offline). No
// @tensorflow/tfjs: training needs only tfjs-core. @types/long is tfjs-core's own dependency, which npm hoists.
const LINKED = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@types/long', '@types/node', 'typescript'];
const SOURCES = path.join(REPO_ROOT, 'tooling', 'test-utils', 'consumer-project');

/** The consumer's files (consumer-project/), path → content. */
function consumerFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(SOURCES, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(SOURCES, file)] = readFileSync(file, 'utf8');
  }
  return files;
}

let consumer: ConsumerProject | undefined;

beforeAll(async () => {
  consumer = await createConsumerProject({ packages: PUBLISHED_PACKAGES, linked: LINKED, files: consumerFiles() });
}, 120_000);

afterAll(async () => {
  await consumer?.remove();
});

/** Runs a command in the consumer project; stdout and stderr together, and whether it exited 0. */
function inProject(command: string, args: readonly string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(command, args, { cwd: consumer!.root, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe("a consumer's own project (packed tarballs installed outside the monorepo)", () => {
  it.each(['tsconfig.node16.json', 'tsconfig.bundler.json'])('compiles a strict program importing every package with %s, the packages’ .d.ts checked too', (tsconfig) => {
    expect(inProject('node', ['node_modules/typescript/bin/tsc', '-p', tsconfig])).toEqual({ ok: true, output: '' });
  });

  it('runs train → save → load → predict in Node with only tfjs-core: same predictions, loss down, nothing leaked', () => {
    // dist/ comes from the node16 compile above (vitest runs a file's tests in order).
    const run = inProject('node', ['dist/train.js', path.join(dataRoot(), 'models', 'bert-tiny-mlm')]);
    expect(run.ok, run.output).toBe(true);
    const result = JSON.parse(run.output.trim().split('\n').at(-1)!) as Record<string, unknown> & { trained: unknown[]; lossBefore: number; lossAfter: number };
    // initBackend picks wasm (the best installed here) and registers gradients without @tensorflow/tfjs.
    expect(result).toMatchObject({ backend: 'wasm', gradients: true, steps: 8, name: 'sst-2', leaked: 0 });
    const resolves = (specifier: string): boolean => inProject('node', ['--input-type=module', '-e', `import.meta.resolve(${JSON.stringify(specifier)})`]).ok;
    expect([resolves('@tensorflow/tfjs-core'), resolves('@tensorflow/tfjs')]).toEqual([true, false]);
    // AdapterHub's safetensors layout: the adapter and, with it, its head.
    expect(result.saved).toEqual(['adapter.safetensors', 'adapter_config.json', 'head_config.json', 'model_head.safetensors']);
    expect(result.lossAfter).toBeLessThan(result.lossBefore);
    expect(result.trained).toHaveLength(4);
    expect(result.reloaded).toEqual(result.trained);
  }, 60_000);
});
