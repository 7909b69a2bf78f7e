// Node's copy of tfjs-core's gradients, bundled into dist at build time (see tsup.config.ts): their modules
// import each other without file extensions, which plain Node ESM cannot load. They register into tfjs's
// global gradient registry, which the application's tfjs-core shares.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
