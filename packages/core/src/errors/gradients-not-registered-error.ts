import { AdaptersError } from './adapters-error';

/** What to install (or import) so that `initBackend()` can register tfjs's gradients. */
export const GRADIENTS_INSTALL_HINT =
  "initBackend() registers them from @tensorflow/tfjs-core: install it with 'npm install @tensorflow/tfjs-core' " +
  "(with a bundler that ignores @adapters/core's package.json \"imports\", import " +
  "'@tensorflow/tfjs-core/dist/register_all_gradients.js' once in the application)";

/** Training was attempted before tfjs gradients were registered. */
export class GradientsNotRegisteredError extends AdaptersError {
  constructor(kernel: string) {
    super(
      'gradients-not-registered',
      `No gradient is registered for the tfjs kernel '${kernel}'. Call 'await initBackend()' from @adapters/core ` +
        `(without { gradients: false }) before training. ${GRADIENTS_INSTALL_HINT}.`,
    );
    this.name = 'GradientsNotRegisteredError';
  }
}
