import { AdaptersError } from './adapters-error';

/** A tensor has a shape other than the one the model expects (a weight file, an input). */
export class ShapeMismatchError extends AdaptersError {
  readonly key: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];

  constructor(options: { key: string; expected: readonly number[]; actual: readonly number[]; source?: string }) {
    const where = options.source === undefined ? '' : ` (from ${options.source})`;
    super(
      'shape-mismatch',
      `Shape mismatch for '${options.key}'${where}: expected [${options.expected.join(', ')}], got [${options.actual.join(', ')}].`,
    );
    this.name = 'ShapeMismatchError';
    this.key = options.key;
    this.expected = options.expected;
    this.actual = options.actual;
  }
}
