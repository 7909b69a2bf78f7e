import { AdaptersError } from './adapters-error';

/**
 * A file of a `FileSource` could not be fetched: an HTTP answer other than 200 or 404, or no answer at all.
 * Names the file's full address and the reason.
 */
export class FileSourceError extends AdaptersError {
  /** The source the file belongs to (`https://host/x/resolve/main/`, ...). */
  readonly location: string;
  /** The file's full address (the URL that was fetched). */
  readonly file: string;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(options: { location: string; file: string; message: string; status?: number; cause?: unknown }) {
    super('file-source', `Cannot read ${options.file}: ${options.message}`, { cause: options.cause });
    this.name = 'FileSourceError';
    this.location = options.location;
    this.file = options.file;
    this.status = options.status;
  }
}
