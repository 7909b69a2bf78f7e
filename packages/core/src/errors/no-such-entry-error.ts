import { AdaptersError } from './adapters-error';

/** A registry lookup (preset, method, head type, adapter name, ...) found nothing. */
export class NoSuchEntryError extends AdaptersError {
  readonly registry: string;
  readonly key: string;
  readonly available: readonly string[];

  constructor(options: { registry: string; key: string; available: readonly string[] }) {
    super(
      'no-such-entry',
      `No ${options.registry} named '${options.key}'. Available: ${options.available.length === 0 ? '(none)' : options.available.join(', ')}.`,
    );
    this.name = 'NoSuchEntryError';
    this.registry = options.registry;
    this.key = options.key;
    this.available = options.available;
  }
}
