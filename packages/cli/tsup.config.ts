import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts is the `adapters` bin; the banner makes it executable (a hashbang is valid in index.js too).
  entry: ['src/index.ts', 'src/cli.ts'],
  tsconfig: 'tsconfig.build.json',
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@tensorflow\//, /^@adapters\//],
});
