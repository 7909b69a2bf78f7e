// A bundler's copy: left for the application's bundler, so the page's one tfjs-core provides the gradients.
// The `.js` keeps it out of Node's bundled copy (tsup.config.ts) and is what fully specified ESM resolution wants.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
