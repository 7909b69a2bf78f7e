import { describeValue } from '../format/describe-value';
import { AdaptersError } from './adapters-error';

/** A config field (or an argument) holds a value the library cannot use. */
export class InvalidConfigError extends AdaptersError {
  readonly path: string;
  readonly expected: string;
  readonly received: unknown;

  constructor(options: { path: string; expected: string; received: unknown; source?: string; cause?: unknown }) {
    const where = options.source === undefined ? '' : ` in ${options.source}`;
    super(
      'invalid-config',
      `Invalid value for '${options.path}'${where}: expected ${options.expected}, received ${describe(options.received)}.`,
      { cause: options.cause },
    );
    this.name = 'InvalidConfigError';
    this.path = options.path;
    this.expected = options.expected;
    this.received = options.received;
  }
}

function describe(value: unknown): string {
  return describeValue(value);
}
