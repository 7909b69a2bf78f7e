import { AdaptersError } from './adapters-error';

/** A dataset file has a row or field the reader cannot parse. */
export class DatasetFormatError extends AdaptersError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(options: { file: string; line?: number; message: string }) {
    super('dataset-format', `${options.file}${options.line === undefined ? '' : `:${options.line}`}: ${options.message}`);
    this.name = 'DatasetFormatError';
    this.file = options.file;
    this.line = options.line;
  }
}
