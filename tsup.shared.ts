import { defineConfig, type Options } from 'tsup';

/** The one build every published package uses: ESM, types, source maps, siblings and tfjs external. */
export function libraryBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    external: [/^@tensorflow\//, /^@adapters\//],
    ...overrides,
  });
}
