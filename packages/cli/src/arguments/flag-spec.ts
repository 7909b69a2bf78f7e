/** The kinds of value a flag takes. `strings` collects several values (one or more per occurrence). */
export type FlagType = 'string' | 'number' | 'integer' | 'boolean' | 'strings';

/** One `--flag` of a command, declared under its snake_case name (the spelling of the Python scripts). */
export interface FlagSpec {
  readonly type: FlagType;
  readonly help: string;
  /** Value when the flag is absent; without one (and not required) the parsed value is undefined. */
  readonly default?: string | number | boolean | readonly string[];
  readonly required?: boolean;
  readonly choices?: readonly string[];
  /** Other accepted names (snake_case), e.g. HF's newer spelling of the same setting. */
  readonly aliases?: readonly string[];
  /** Name of the value in `--help` (`DIR`, `N`, ...). */
  readonly valueName?: string;
  /** Heading the flag is listed under in `--help`. */
  readonly group?: string;
  /** Smallest accepted value (number and integer flags), checked while parsing, before anything loads. */
  readonly min?: number;
  /**
   * An HF flag accepted for compatibility that changes nothing here; giving it prints one line saying so
   * and why (e.g. `--fp16`: tfjs trains in float32).
   */
  readonly noEffect?: string;
}

/** A positional argument (the sentences of `predict`, the folder of `info`). */
export interface PositionalSpec {
  readonly name: string;
  readonly help: string;
  /** Takes every remaining positional value. */
  readonly variadic?: boolean;
  readonly required?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** What a command accepts; `name` is the sub-command (`glue`), used in usage lines and errors. */
export interface CommandSpec<Flags extends FlagSpecs = FlagSpecs> {
  readonly name: string;
  readonly summary: string;
  readonly flags: Flags;
  readonly positionals?: readonly PositionalSpec[];
  readonly examples?: readonly string[];
}

/** `model_name_or_path` → `modelNameOrPath`, at the type level. */
export type CamelCase<Name extends string> = Name extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Name;

type FlagValue<Spec extends FlagSpec> = Spec['type'] extends 'boolean'
  ? boolean
  : Spec['type'] extends 'number' | 'integer'
    ? number
    : Spec['type'] extends 'strings'
      ? string[]
      : string;

/** The parsed flags, camelCase; a flag with a default or `required` is never undefined. */
export type ParsedFlags<Flags extends FlagSpecs> = {
  -readonly [Name in keyof Flags & string as CamelCase<Name>]: Flags[Name] extends { readonly default: unknown } | { readonly required: true }
    ? FlagValue<Flags[Name]>
    : FlagValue<Flags[Name]> | undefined;
};

/** `model_name_or_path` → `modelNameOrPath`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** `--model-name-or-path`, `model-name-or-path` → `model_name_or_path`. */
export function normalizeFlagName(name: string): string {
  return name.replace(/^-+/, '').replace(/-/g, '_');
}
