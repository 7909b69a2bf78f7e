import type { CommandSpec, FlagSpecs, ParsedFlags } from './flag-spec';
import { formatHelp } from './format-help';
import { parseCommandLine } from './parse-command-line';

/** A command's input after parsing: its flags, which of them were given, and the positional values. */
export interface CommandArguments<Flags extends FlagSpecs> {
  readonly flags: ParsedFlags<Flags>;
  /** snake_case names given on the command line; undefined when the caller passed parsed flags. */
  readonly given: ReadonlySet<string> | undefined;
  readonly positionals: readonly string[];
}

/**
 * Command functions take argv (`['--task_name', 'rte', ...]`) or flags parsed already. For argv with
 * `--help` the help text is printed and null returned: there is nothing to run.
 */
export function resolveCommandArguments<Flags extends FlagSpecs>(
  command: CommandSpec<Flags>,
  args: readonly string[] | ParsedFlags<Flags>,
  print: (line: string) => void,
): CommandArguments<Flags> | null {
  if (!Array.isArray(args)) return { flags: args as ParsedFlags<Flags>, given: undefined, positionals: [] };
  const parsed = parseCommandLine(command, args as readonly string[]);
  if (parsed.help) {
    print(formatHelp(command).trimEnd());
    return null;
  }
  for (const notice of parsed.notices) print(notice);
  return parsed;
}
