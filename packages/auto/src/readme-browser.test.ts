// Runs the README's "Without a file system" example as written (imports injected), against a static server that
// stands in for the page's origin, and checks what its comments claim.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '@adapters/core';
import * as tokenizers from '@adapters/tokenizers';
import { REPO_ROOT, dataRoot, startStaticFileServer, type StaticFileServer } from '@adapters/test-utils';
import * as auto from './index';
import type { ModelWithHeads } from './model-with-heads';

const README = readFileSync(path.join(REPO_ROOT, 'packages/auto/README.md'), 'utf8');
const section = README.slice(README.indexOf('## Without a file system'));
const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
const IMPORT = /^import \{ ([^}]+) \} from '(@adapters\/[a-z]+)';$/gm;
const modules: Record<string, Record<string, unknown>> = { '@adapters/core': core, '@adapters/auto': auto, '@adapters/tokenizers': tokenizers };

interface ExampleResult {
  readonly model: ModelWithHeads;
  readonly reloaded: ModelWithHeads;
  readonly files: core.FileMap;
  readonly downloads: File[];
  readonly tokenizer: tokenizers.PipelineTokenizer;
}

/** The example with its imports turned into parameters, returning its variables. */
async function runExample(): Promise<{ result: ExampleResult; logged: unknown[][] }> {
  const bindings: Record<string, unknown> = {};
  for (const [, names, module] of example.matchAll(IMPORT)) {
    for (const name of names!.split(',').map((entry) => entry.trim())) {
      expect(modules[module!]?.[name], `${module} exports ${name}`).toBeDefined();
      bindings[name] = modules[module!]![name];
    }
  }
  const logged: unknown[][] = [];
  bindings.console = { log: (...values: unknown[]) => logged.push(values) };
  const body = `${example.replace(IMPORT, '')}\nreturn { model, reloaded, files, downloads, tokenizer };`;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<ExampleResult>;
  const result = await new AsyncFunction(...Object.keys(bindings), body)(...Object.values(bindings));
  return { result, logged };
}

let server: StaticFileServer;
beforeAll(async () => {
  server = await startStaticFileServer(dataRoot(), { prefix: '/app/' });
  vi.stubGlobal('location', { href: `${server.base}index.html` });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

describe('README: without a file system', () => {
  it('the example runs: model from static files, the AdapterHub files in memory, reloaded with the same predictions', async () => {
    const { result, logged } = await runExample();
    try {
      expect(server.requests).toContain('/app/models/bert-tiny-mlm/model.safetensors');
      expect([...result.files.keys()].sort()).toEqual(['adapter.safetensors', 'adapter_config.json', 'head_config.json', 'model_head.safetensors']);
      expect(result.downloads.map((file) => file.name).sort()).toEqual([...result.files.keys()].sort());
      expect(result.downloads.every((file) => file instanceof File && file.size === result.files.get(file.name)!.length)).toBe(true);
      expect(logged).toHaveLength(1);
      const [reloadedPredictions, originalPredictions] = logged[0] as [Array<{ label: string }>, Array<{ label: string }>];
      expect(reloadedPredictions).toEqual(originalPredictions);
      expect(['negative', 'positive']).toContain(reloadedPredictions[0]!.label);
      expect(result.tokenizer.encode('a charming film').inputIds).toEqual(result.model.tokenizer!.encode('a charming film').inputIds);
    } finally {
      result.model.dispose();
      result.reloaded.dispose();
    }
  });

  it('names the Node-only pieces it mentions', () => {
    expect(typeof auto.resolveModelFolder).toBe('function');
    expect(section).toContain('`resolveModelFolder`');
  });
});
