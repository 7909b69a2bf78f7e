import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const publicPackages = ['core', 'backend-native', 'tokenizers', 'models', 'layers', 'heads', 'datasets', 'trainer', 'auto', 'cli'];

/** Tests run against sources: every `@adapters/*` import resolves to the sibling's `src/`. */
export const sourceAliases = [
  { find: '@adapters/test-utils/browser', replacement: `${root}tooling/test-utils/src/browser/index.ts` },
  { find: '@adapters/test-utils/setup', replacement: `${root}tooling/test-utils/src/setup.ts` },
  { find: '@adapters/test-utils', replacement: `${root}tooling/test-utils/src/index.ts` },
  // @adapters/core's `#tfjs-gradients` points into its dist (a bundled copy of tfjs-core's gradients, see
  // packages/core/tsup.config.ts); on sources the union's CommonJS build registers the same ones, no build needed.
  { find: /^#tfjs-gradients$/, replacement: '@tensorflow/tfjs' },
  ...publicPackages.map((name) => ({
    find: new RegExp(`^@adapters/${name}$`),
    replacement: `${root}packages/${name}/src/index.ts`,
  })),
];

export function defineAdaptersProject(name: string, extra: { setupFiles?: string[] } = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: extra.setupFiles ?? ['@adapters/test-utils/setup'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  });
}
