import { AdaptersError } from './adapters-error';

/** An adapter setup nests blocks in a way the nesting table forbids, or names unknown adapters. */
export class CompositionError extends AdaptersError {
  readonly block: string;
  readonly child: string | undefined;

  constructor(options: { block: string; child?: string; message: string }) {
    super('composition', options.message);
    this.name = 'CompositionError';
    this.block = options.block;
    this.child = options.child;
  }
}
