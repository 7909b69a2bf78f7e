#!/usr/bin/env node
// The `adapters` bin. It is a committed file (not dist/cli.js) because npm links bins at install time,
// before any build: a bin pointing into dist/ gets no link after `npm ci`, and `npx adapters` then fetches
// the unrelated public `adapters` package. This file loads the build, or says how to make it.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(built)) {
  console.error(
    'error: @adapters/cli is not built yet (no packages/cli/dist/cli.js). Build it first: ' +
      '`npm run build` (or `npm run quickstart`, which builds) at the repository root.',
  );
  process.exit(1);
}
await import(built.href);
