import { AdaptersError } from './adapters-error';

/**
 * A file-system operation failed (`ENOSPC`, `EACCES`, `EIO`, ...): names the operation, the path and the
 * system's reason, so the CLI can print one line instead of Node's stack.
 */
export class IoError extends AdaptersError {
  readonly path: string;
  /** The system error code (`ENOSPC`, ...). */
  readonly systemCode: string;

  constructor(options: { action: string; path: string; systemCode: string; cause?: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : options.systemCode;
    super('io', `Cannot ${options.action} ${options.path}: ${reason}`, { cause: options.cause });
    this.name = 'IoError';
    this.path = options.path;
    this.systemCode = options.systemCode;
  }
}

/**
 * Turns a Node system error (one with a string `code` such as `ENOSPC`) into an `IoError` naming `path`
 * (default: the path the system error names); our own errors and anything else (a bug) pass through.
 */
export function ioError(action: string, path: string | undefined, error: unknown): unknown {
  if (AdaptersError.isInstance(error)) return error;
  const { code, path: systemPath } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (error instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) {
    const where = path ?? (typeof systemPath === 'string' ? systemPath : '(path unknown)');
    return new IoError({ action, path: where, systemCode: code, cause: error });
  }
  return error;
}
