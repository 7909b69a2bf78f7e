import { AdaptersError } from './adapters-error';

/** Loading a state dict found missing or unexpected keys in strict mode. */
export class StateDictError extends AdaptersError {
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];

  constructor(options: { missingKeys: readonly string[]; unexpectedKeys: readonly string[]; source?: string }) {
    const parts: string[] = [];
    if (options.missingKeys.length > 0) parts.push(`missing keys: ${list(options.missingKeys)}`);
    if (options.unexpectedKeys.length > 0) parts.push(`unexpected keys: ${list(options.unexpectedKeys)}`);
    const where = options.source === undefined ? '' : ` from ${options.source}`;
    super('state-dict', `Error loading state dict${where}: ${parts.join('; ')}.`);
    this.name = 'StateDictError';
    this.missingKeys = options.missingKeys;
    this.unexpectedKeys = options.unexpectedKeys;
  }
}

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, 10).join(', ');
  return keys.length > 10 ? `${shown} (+${keys.length - 10} more)` : shown;
}
