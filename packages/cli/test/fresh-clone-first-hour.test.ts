// A newcomer's first hour, as CI can replay it: clone this repository (HEAD) into a temp folder, then run the
// README's "first hour" lines exactly as written, with npm offline so `npx adapters` can only resolve to the
// CLI linked by `npm ci` (never the unrelated public `adapters` package).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The lines of the first ```bash block under the README heading that starts with `heading`. */
function commandsUnder(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}`);
  if (start === -1) throw new Error(`README has no heading '${heading}'`);
  const block = /```bash\n([\s\S]*?)```/.exec(markdown.slice(start));
  if (block === null) throw new Error(`no bash block under '${heading}'`);
  return (block[1] as string)
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The child's environment: npm offline, no npm/vitest variables of the outer run (they name its folders). */
function cloneEnvironment(outerRoot: string): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !keep.has(key.toLowerCase())) || /^(VITEST|INIT_CWD|TEST$|NODE_OPTIONS)/.test(key)) continue;
    env[key] = value;
  }
  env.npm_config_offline = 'true';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.TURBO_TELEMETRY_DISABLED = '1';
  // A clone of HEAD hashes like the outer build CI just made: turbo restores it instead of rebuilding.
  const outerCache = path.join(outerRoot, '.turbo', 'cache');
  if (existsSync(outerCache)) env.TURBO_CACHE_DIR = outerCache;
  return env;
}

describe('a fresh clone, offline', () => {
  let workspace = '';
  let clone = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    const outer = await run('git rev-parse --show-toplevel', here, process.env);
    expect(outer.code, outer.output).toBe(0);
    const outerRoot = outer.output.trim();
    workspace = await mkdtemp(path.join(tmpdir(), 'adapters-first-hour-'));
    clone = path.join(workspace, 'adapters');
    const cloned = await run(`git clone --quiet "${outerRoot}" "${clone}"`, workspace, process.env);
    expect(cloned.code, cloned.output).toBe(0);
    env = cloneEnvironment(outerRoot);
  }, 60_000);

  afterAll(async () => {
    if (workspace !== '') await rm(workspace, { recursive: true, force: true });
  });

  it("runs the README's first-hour commands as written: install, build, npx adapters glue, info, predict", async () => {
    const readme = await readFile(path.join(clone, 'README.md'), 'utf8');
    const commands = commandsUnder(readme, '## Your first hour');
    const adapterCommands = commands.filter((command) => command.startsWith('npx adapters '));
    expect(commands[0]).toMatch(/^npm ci\b/);
    expect(adapterCommands.map((command) => command.split(' ')[2])).toEqual(['glue', 'info', 'predict']);

    const outputs: string[] = [];
    for (const command of commands) {
      const result = await run(command, clone, env);
      expect(result.code, `$ ${command}\n${result.output}`).toBe(0);
      outputs.push(result.output);
    }
    expect(existsSync(path.join(clone, 'node_modules', '.bin', 'adapters'))).toBe(true);
    const [glue, info, predict] = outputs.slice(commands.length - 3);
    expect(glue).toMatch(/^backend: [\w-]+ \(auto; installed: [\w-, ]+\)$/m);
    expect(glue).toMatch(/SST-2 dev \(200 examples\)/);
    expect(existsSync(path.join(clone, '.cache/first-hour/sst-2/adapter_config.json'))).toBe(true);
    expect(info).toMatch(/adapter 'sst-2' \+ head 'sst-2'/);
    // run_glue's SST-2 label names, stored in the head config at training, name the predicted class.
    expect(predict).toMatch(/^(negative|positive) \(0\.\d+\)\ta gorgeous, witty, seductive movie\.$/m);
  }, 300_000);

  it('the quickstart reports the dev set it really evaluated (--max_eval_samples)', async () => {
    if (!existsSync(path.join(clone, 'node_modules'))) expect((await run('npm ci', clone, env)).code).toBe(0);
    const result = await run('npm run quickstart -- --max_train_samples 64 --max_eval_samples 40', clone, env);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/SST-2 dev accuracy: \d+\.\d% \(40 sentences\)/);
    expect(result.output).not.toMatch(/872 sentences/);
  }, 200_000);
});
