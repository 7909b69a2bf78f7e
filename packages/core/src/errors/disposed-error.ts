import { AdaptersError } from './adapters-error';

/** A module was used after `dispose()`. */
export class DisposedError extends AdaptersError {
  readonly what: string;

  constructor(what: string) {
    super('disposed', `${what} was used after dispose(); create a new one instead.`);
    this.name = 'DisposedError';
    this.what = what;
  }
}
