import { InvalidConfigError } from '@adapters/core';

/** A `--flag` the command does not have; names the closest flag it does have, when one is close. */
export class UnknownFlagError extends InvalidConfigError {
  readonly flag: string;
  readonly command: string;
  readonly suggestion: string | undefined;

  constructor(options: { flag: string; command: string; suggestion?: string }) {
    const hint = options.suggestion === undefined ? '' : `; did you mean --${options.suggestion}?`;
    super({ path: `--${options.flag}`, expected: `a flag of 'adapters ${options.command}'`, received: `--${options.flag}` });
    this.name = 'UnknownFlagError';
    this.flag = options.flag;
    this.command = options.command;
    this.suggestion = options.suggestion;
    this.message = `Unknown flag --${options.flag} for 'adapters ${options.command}'${hint} (run 'adapters ${options.command} --help' for the list)`;
  }
}
