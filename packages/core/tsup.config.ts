import { libraryBuild } from '../../tsup.shared';

// Two extra entries behind the `#tfjs-gradients` import (package.json "imports"): Node gets tfjs-core's
// gradients bundled in, a bundler gets the deep import itself (the `.js` spelling stays external).
export default libraryBuild({
  entry: {
    index: 'src/index.ts',
    'tfjs-gradients-node': 'src/backend/tfjs-gradients-node.ts',
    'tfjs-gradients-browser': 'src/backend/tfjs-gradients-browser.ts',
  },
  external: [/^@tensorflow\//, /^@adapters\//, '#tfjs-gradients'],
  // No shared chunk: the gradient entries stand alone.
  splitting: false,
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients$/],
});
