import { closestName } from '../format/closest-name';
import { InvalidConfigError } from './invalid-config-error';

/**
 * A config file or dict has a key its method does not know (a typo such as `reduction_factr`): reported by
 * the key, with the closest known key when one is near, rather than by the key's value.
 */
export class UnknownConfigKeyError extends InvalidConfigError {
  readonly key: string;
  readonly suggestion: string | undefined;

  constructor(options: { path: string; key: string; architecture: string; knownKeys: readonly string[]; source?: string }) {
    const suggestion = closestName(options.key, options.knownKeys);
    super({ path: options.path, expected: `a ${options.architecture} config field (${options.knownKeys.join(', ')})`, received: options.key, source: options.source });
    this.name = 'UnknownConfigKeyError';
    this.key = options.key;
    this.suggestion = suggestion;
    const where = options.source === undefined ? '' : ` in ${options.source}`;
    const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
    this.message = `Unknown key '${options.key}' ('${options.path}')${where}: not a ${options.architecture} config field.${hint} The fields are: ${options.knownKeys.join(', ')}.`;
  }
}
