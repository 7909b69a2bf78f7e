// docs/seed-commands.md must be self-contained: every adapter its AdapterFusion command fuses is trained by a
// command earlier in the doc. This runs the doc's GLUE commands and the fusion in order, as written, with a
// few flags appended to make them seconds long (argparse semantics: a later flag wins) and /tmp moved into a
// temp folder.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { runCli } from '../src/commands/run-cli';
import { useWasmBackend } from '../src/testing/use-wasm-backend';

useWasmBackend();

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHORTEN = ['--max_steps', '1', '--max_train_samples', '16', '--max_eval_samples', '16', '--per_device_train_batch_size', '8', '--disable_tqdm'];
let workspace = '';

afterAll(async () => {
  if (workspace !== '') await rm(workspace, { recursive: true, force: true });
});

/** Every `npx adapters ...` command of the doc's bash blocks, continuation lines joined, as argv. */
function docCommands(markdown: string): string[][] {
  const commands: string[][] = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).replace(/\\\n\s*/g, '').split('\n')) {
      const words = line.trim().split(/\s+/);
      if (words[0] === 'npx' && words[1] === 'adapters') commands.push(words.slice(2));
    }
  }
  return commands;
}

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at === -1 ? undefined : argv[at + 1];
}

describe('docs/seed-commands.md', () => {
  it('trains every adapter its fusion command fuses, earlier in the doc, and the chain runs in order', async () => {
    const commands = docCommands(await readFile(path.join(repoRoot, 'docs/seed-commands.md'), 'utf8'));
    const glue = commands.filter((argv) => argv[0] === 'glue');
    const fusion = commands.find((argv) => argv[0] === 'fusion') as string[];
    expect(fusion).toBeDefined();
    const fusionAt = commands.indexOf(fusion);
    const start = fusion.indexOf('--fusion_adapters') + 1;
    const end = fusion.findIndex((word, index) => index >= start && word.startsWith('--'));
    const fused = fusion.slice(start, end === -1 ? undefined : end);
    expect(fused.length).toBeGreaterThanOrEqual(2);
    // Each fused folder is <output_dir>/<task> of a glue command before the fusion (task folders are lower case).
    const trained = commands.slice(0, fusionAt).filter((argv) => argv[0] === 'glue').map((argv) => `${valueOf(argv, '--output_dir')}/${valueOf(argv, '--task_name')?.toLowerCase()}`);
    for (const folder of fused) expect(trained, folder).toContain(folder);

    workspace = await mkdtemp(path.join(tmpdir(), 'adapters-seed-doc-'));
    const localize = (word: string): string =>
      word.startsWith('/tmp/') ? path.join(workspace, word.slice('/tmp/'.length)) : word.startsWith('../shared/data/') ? path.join(dataRoot(), word.slice('../shared/data/'.length)) : word.startsWith('models/') ? path.join(repoRoot, word) : word;
    const quiet = { print: () => {}, printError: (line: string) => console.error(line) };
    for (const argv of [...glue.filter((command) => commands.indexOf(command) < fusionAt), fusion]) {
      expect(await runCli([...argv.map(localize), ...SHORTEN], quiet), argv.join(' ')).toBe(0);
    }
    const fusionDir = localize(valueOf(fusion, '--output_dir') as string);
    const fusionName = fused.map((folder) => path.basename(folder)).join(',');
    expect(existsSync(path.join(fusionDir, fusionName, 'adapter_fusion_config.json'))).toBe(true);
    expect(existsSync(path.join(fusionDir, 'sst-2', 'head_config.json'))).toBe(true);
  }, 240_000);
});
