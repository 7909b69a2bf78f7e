import { AdaptersError } from './adapters-error';

/** Training was attempted before tfjs gradients were registered. */
export class GradientsNotRegisteredError extends AdaptersError {
  constructor(kernel: string) {
    super(
      'gradients-not-registered',
      `No gradient is registered for the tfjs kernel '${kernel}'. Call 'await initBackend()' from @adapters/core ` +
        `(or 'import "@tensorflow/tfjs"' once in your application) before training.`,
    );
    this.name = 'GradientsNotRegisteredError';
  }
}
