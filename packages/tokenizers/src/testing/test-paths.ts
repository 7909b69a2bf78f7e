import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Test-only helper (not exported): where the shared fixtures and data live.

/** The repository root: this file is packages/tokenizers/src/testing/test-paths.ts. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Golden fixtures: env `ADAPTERS_FIXTURES`, default `../shared/fixtures` next to the repository. */
export function fixturesRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_FIXTURES ?? '../shared/fixtures');
}

/** Shared read-only data: env `ADAPTERS_DATA`, default `../shared/data`. */
export function dataRoot(): string {
  return path.resolve(REPO_ROOT, process.env.ADAPTERS_DATA ?? '../shared/data');
}

/** A vocabulary folder under `<data>/vocab/`. */
export function vocabFolder(name: 'bert-base-uncased' | 'bert-base-cased' | 'gpt2' | 'roberta-base'): string {
  return path.join(dataRoot(), 'vocab', name);
}

/** This package's own committed fixtures. */
export function packageFixture(name: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../__fixtures__', name);
}
