import { closestName, InvalidConfigError } from '@adapters/core';
import { camelCase, normalizeFlagName, type CommandSpec, type FlagSpec, type FlagSpecs, type ParsedFlags } from './flag-spec';
import { UnknownFlagError } from './unknown-flag-error';

/** The result of parsing one command line. */
export interface ParsedCommandLine<Flags extends FlagSpecs> {
  /** `--help` / `-h` was given: nothing else was checked (required flags may be missing). */
  readonly help: boolean;
  readonly flags: ParsedFlags<Flags>;
  readonly positionals: string[];
  /** The snake_case names of the flags given on the command line (not defaulted). */
  readonly given: ReadonlySet<string>;
  /** One line per given flag that has no effect here (`--fp16`, `--report_to`, ...). */
  readonly notices: readonly string[];
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

/**
 * Parses argv the way the HF example scripts accept it: `--flag value` and `--flag=value`, snake_case names
 * with kebab-case aliases (`--model-name-or-path`), booleans as bare flags (also `--flag true|false`,
 * `--no_flag`), `strings` flags taking several values, `--` ending the flags. Unknown flags throw an
 * `UnknownFlagError` with the closest known name; bad values an `InvalidConfigError` naming the flag.
 */
export function parseCommandLine<Flags extends FlagSpecs>(command: CommandSpec<Flags>, argv: readonly string[]): ParsedCommandLine<Flags> {
  const lookup = flagLookup(command.flags);
  const values = new Map<string, unknown>();
  const positionals: string[] = [];
  const given = new Set<string>();
  // With positionals around, a list flag takes one value per occurrence so it cannot swallow them.
  const greedyLists = (command.positionals ?? []).length === 0;
  let help = false;

  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] as string;
    if (token === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    if (!token.startsWith('--')) {
      if (token.startsWith('-') && token.length > 1 && Number.isNaN(Number(token))) throw unknownFlag(command, token.slice(1), lookup);
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const rawName = normalizeFlagName(equals === -1 ? token : token.slice(0, equals));
    const inlineValue = equals === -1 ? undefined : token.slice(equals + 1);
    let name = lookup.get(rawName);
    let negated = false;
    if (name === undefined && rawName.startsWith('no_') && command.flags[lookup.get(rawName.slice(3)) ?? '']?.type === 'boolean') {
      name = lookup.get(rawName.slice(3)) as string;
      negated = true;
    }
    if (name === undefined) throw unknownFlag(command, rawName, lookup);
    const spec = command.flags[name] as FlagSpec;
    given.add(name);

    if (spec.type === 'boolean') {
      if (negated) {
        if (inlineValue !== undefined) throw new InvalidConfigError({ path: `--${rawName}`, expected: 'no value (it turns --' + name + ' off)', received: inlineValue });
        values.set(name, false);
        continue;
      }
      const next = argv[index + 1];
      if (inlineValue !== undefined) {
        values.set(name, parseBoolean(name, inlineValue));
      } else if (next !== undefined && /^(true|false)$/i.test(next)) {
        // HF's parser accepts `--do_train True`.
        values.set(name, parseBoolean(name, next));
        index += 1;
      } else {
        values.set(name, true);
      }
      continue;
    }

    const raw: string[] = [];
    if (inlineValue !== undefined) {
      raw.push(inlineValue);
    } else {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new InvalidConfigError({ path: `--${name}`, expected: `a value (--${name} ${valueNameOf(spec)})`, received: next ?? 'the end of the command line' });
      }
      raw.push(next);
      index += 1;
      if (spec.type === 'strings' && greedyLists) {
        while (index + 1 < argv.length && !(argv[index + 1] as string).startsWith('--')) {
          raw.push(argv[index + 1] as string);
          index += 1;
        }
      }
    }
    if (spec.type === 'strings') {
      const previous = values.get(name);
      values.set(name, [...(Array.isArray(previous) ? (previous as string[]) : []), ...raw.map((value) => checkChoice(name, spec, value))]);
    } else {
      // Repeated scalar flags: the last one wins, as with argparse.
      values.set(name, convertValue(name, spec, raw[0] as string));
    }
  }

  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.flags)) {
    const value = values.has(name) ? values.get(name) : Array.isArray(spec.default) ? [...(spec.default as readonly string[])] : spec.default;
    if (!help && spec.required === true && (value === undefined || value === '')) {
      throw new InvalidConfigError({ path: `--${name}`, expected: `a value: 'adapters ${command.name}' needs --${name} ${valueNameOf(spec)}`, received: value });
    }
    flags[camelCase(name)] = value;
  }
  if (!help) checkPositionals(command, positionals);
  const notices = [...given].flatMap((name) => {
    const reason = command.flags[name]?.noEffect;
    return reason === undefined ? [] : [`note: --${name} has no effect here (${reason})`];
  });
  return { help, flags: flags as ParsedFlags<Flags>, positionals, given, notices };
}

/** Every accepted spelling (snake_case, and the aliases) → the declared name. */
function flagLookup(flags: FlagSpecs): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [name, spec] of Object.entries(flags)) {
    lookup.set(name, name);
    for (const alias of spec.aliases ?? []) lookup.set(normalizeFlagName(alias), name);
  }
  return lookup;
}

function unknownFlag(command: CommandSpec, name: string, lookup: Map<string, string>): UnknownFlagError {
  const suggestion = closestName(name, [...lookup.keys(), 'help']);
  return new UnknownFlagError({ flag: name, command: command.name, suggestion: suggestion === undefined ? undefined : (lookup.get(suggestion) ?? suggestion) });
}

function parseBoolean(name: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  throw new InvalidConfigError({ path: `--${name}`, expected: 'true or false (or the bare flag for true)', received: text });
}

function convertValue(name: string, spec: FlagSpec, text: string): string | number {
  if (spec.type === 'number' || spec.type === 'integer') {
    const value = text.trim() === '' ? Number.NaN : Number(text);
    const kind = spec.type === 'integer' ? 'an integer' : 'a number';
    if (!Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value))) {
      throw new InvalidConfigError({ path: `--${name}`, expected: kind, received: text });
    }
    if (spec.min !== undefined && value < spec.min) throw new InvalidConfigError({ path: `--${name}`, expected: `${kind} >= ${spec.min}`, received: value });
    return value;
  }
  return checkChoice(name, spec, text);
}

function checkChoice(name: string, spec: FlagSpec, text: string): string {
  if (spec.choices !== undefined && !spec.choices.includes(text)) {
    throw new InvalidConfigError({ path: `--${name}`, expected: `one of ${spec.choices.join(', ')}`, received: text });
  }
  return text;
}

function checkPositionals(command: CommandSpec, positionals: readonly string[]): void {
  const specs = command.positionals ?? [];
  const variadic = specs.some((spec) => spec.variadic === true);
  if (!variadic && positionals.length > specs.length) {
    const extra = positionals[specs.length] as string;
    throw new InvalidConfigError({
      path: extra,
      expected: specs.length === 0 ? `flags only ('adapters ${command.name}' takes no positional arguments)` : `at most ${specs.length} positional argument(s)`,
      received: extra,
    });
  }
  const required = specs.filter((spec) => spec.required === true).length;
  if (positionals.length < required) {
    const missing = specs[positionals.length] as { name: string };
    throw new InvalidConfigError({ path: missing.name, expected: `a value: 'adapters ${command.name}' needs <${missing.name}>`, received: undefined });
  }
}

export function valueNameOf(spec: FlagSpec): string {
  if (spec.valueName !== undefined) return spec.valueName;
  if (spec.choices !== undefined) return `{${spec.choices.join(',')}}`;
  if (spec.type === 'integer') return 'N';
  if (spec.type === 'number') return 'X';
  if (spec.type === 'strings') return 'VALUE [VALUE ...]';
  return 'VALUE';
}
