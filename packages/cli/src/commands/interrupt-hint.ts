import type { CommandSpec } from '../arguments/flag-spec';
import { normalizeFlagName } from '../arguments/flag-spec';

/** The value of `--name` in argv (`--name value`, `--name=value`, kebab-case too), if given. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] as string;
    if (!token.startsWith('--')) continue;
    const equals = token.indexOf('=');
    if (normalizeFlagName(equals === -1 ? token : token.slice(0, equals)) !== name) continue;
    return equals === -1 ? argv[index + 1] : token.slice(equals + 1);
  }
  return undefined;
}

/**
 * While a resumable training command runs in the bin, Ctrl-C (SIGINT) prints how to continue from the last
 * checkpoint, then exits with 130 as shells expect. Returns the function that removes the handler.
 */
export function installInterruptHint(command: CommandSpec, argv: readonly string[], printError: (line: string) => void, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  if (command.flags.resume_from_checkpoint === undefined) return () => {};
  const handler = (): void => {
    const outputDir = flagValue(argv, 'output_dir') ?? 'the --output_dir';
    printError('');
    printError(`interrupted. Checkpoints saved so far are in ${outputDir}: run the same command with --resume_from_checkpoint latest to continue from the newest one.`);
    exit(130);
  };
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
  };
}
