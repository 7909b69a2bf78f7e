import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePrint, removeTemporaryFolders, temporaryFolder } from '../testing/tiny-model-folder';
import { runCli } from './run-cli';

afterAll(removeTemporaryFolders);

describe('runCli', () => {
  it('lists the commands, suggests the closest to a typo, and prints library errors as one line with exit code 2', async () => {
    const out = capturePrint();
    const errors = capturePrint();
    const context = { print: out.print, printError: errors.print };
    expect(await runCli(['--help'], context)).toBe(0);
    expect(out.text()).toMatch(/glue +Train and evaluate on a GLUE task/);
    for (const name of ['lm', 'fusion', 'eval', 'predict', 'info']) expect(out.text()).toContain(`  ${name} `);

    expect(await runCli(['glu'], context)).toBe(2);
    expect(errors.lines[0]).toBe("error: unknown command 'glu'; did you mean 'glue'?");

    expect(await runCli(['glue', '--model_name_or_path', 'm', '--task_name', 'rte', '--output_dir', 'o', '--train_adaptr'], context)).toBe(2);
    expect(errors.lines.at(-1)).toBe("error: Unknown flag --train_adaptr for 'adapters glue'; did you mean --train_adapter? (run 'adapters glue --help' for the list)");

    // A near-miss of a flag's start is suggested; with nothing close, no suggestion and no dangling colon.
    expect(await runCli(['glue', '--modle', 'm', '--task_name', 'rte', '--output_dir', 'o'], context)).toBe(2);
    expect(errors.lines.at(-1)).toContain("Unknown flag --modle for 'adapters glue'; did you mean --model_name_or_path?");
    expect(await runCli(['glue', '--model_name_or_path', 'm', '--task_name', 'rte', '--output_dir', 'o', '--zqxwv'], context)).toBe(2);
    expect(errors.lines.at(-1)).toBe("error: Unknown flag --zqxwv for 'adapters glue' (run 'adapters glue --help' for the list)");

    // A library error that is not about the command line exits with 1.
    expect(await runCli(['eval', '--model_name_or_path', '/no/such/model-folder', '--task_name', 'rte'], context)).toBe(1);
    expect(errors.lines.at(-1)).toMatch(/^error: .*\/no\/such\/model-folder/);

    expect(await runCli(['predict', '--help'], context)).toBe(0);
    expect(out.text()).toContain('Usage: adapters predict --model_name_or_path DIR|ID [options] <sentences>...');
  });

  it('prints a file-system error as one line naming the path (exit 1), and its full stack with --debug', async () => {
    const file = path.join(await temporaryFolder(), 'a-file');
    await writeFile(file, 'not a folder');
    const outputDir = path.join(file, 'out');
    const args = ['glue', '--model_name_or_path', 'm', '--task_name', 'rte', '--do_train', '--output_dir', outputDir];
    const errors = capturePrint();
    expect(await runCli(args, { print: () => {}, printError: errors.print })).toBe(1);
    expect(errors.lines).toEqual([`error: Cannot access ${outputDir}: ENOTDIR: not a directory, stat '${outputDir}'`]);

    const debug = capturePrint();
    expect(await runCli([...args.slice(0, 3), '--debug', ...args.slice(3)], { print: () => {}, printError: debug.print })).toBe(1);
    expect(debug.lines[0]).toBe(errors.lines[0]);
    expect(debug.lines[1]).toMatch(/^IoError: Cannot access [^\n]+\n    at /);
    expect(debug.lines[1]).toContain('caused by: Error: ENOTDIR');
  });
});
