import { AdaptersError } from './adapters-error';

/** What to install (or import) so that `initBackend()` can register tfjs's gradients. */
export const GRADIENTS_INSTALL_HINT =
  "initBackend() takes the gradients from @tensorflow/tfjs: install it with 'npm install @tensorflow/tfjs' " +
  "(in a browser bundle, import '@tensorflow/tfjs-core/dist/register_all_gradients' once instead)";

/** Training was attempted before tfjs gradients were registered. */
export class GradientsNotRegisteredError extends AdaptersError {
  constructor(kernel: string) {
    super(
      'gradients-not-registered',
      `No gradient is registered for the tfjs kernel '${kernel}'. Call 'await initBackend()' from @adapters/core ` +
        `(or 'import "@tensorflow/tfjs"' once in your application) before training. ${GRADIENTS_INSTALL_HINT}.`,
    );
    this.name = 'GradientsNotRegisteredError';
  }
}
