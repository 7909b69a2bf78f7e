// Helpers shared by the safetensors tests (not exported from the package): hand-built files and fixture discovery.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { SafetensorsError } from '../errors/safetensors-error';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Golden fixtures folder: env ADAPTERS_FIXTURES, else `../shared/fixtures` beside the repository. */
export const FIXTURES_FOLDER = process.env.ADAPTERS_FIXTURES ?? path.resolve(repositoryRoot, '../shared/fixtures');

/** Downloaded models: env ADAPTERS_DATA, else `../shared/data` beside the repository. */
export const DATA_FOLDER = process.env.ADAPTERS_DATA ?? path.resolve(repositoryRoot, '../shared/data');

/** Every `*.safetensors` file under `folder`, sorted. */
export function findSafetensorsFiles(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const child = path.join(folder, name);
    if (statSync(child).isDirectory()) found.push(...findSafetensorsFiles(child));
    else if (name.endsWith('.safetensors')) found.push(child);
  }
  return found.sort();
}

/**
 * A safetensors file from a header (an object, serialized as JSON, or raw header text) and data bytes.
 * `headerLength` overrides the length prefix to build corrupt files.
 */
export function buildSafetensorsBytes(
  header: Record<string, unknown> | string,
  data: Uint8Array | readonly number[] = [],
  headerLength?: bigint,
): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** Little-endian bytes of a typed array, for hand-built data sections. */
export function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Runs `action` and checks it throws a SafetensorsError naming `file` (and `tensor`) whose message matches `pattern`. */
export function expectSafetensorsError(
  action: () => unknown,
  expected: { file: string; tensor?: string; pattern: RegExp },
): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  checkSafetensorsError(thrown, expected);
}

/** Like `expectSafetensorsError`, for a promise. */
export async function expectSafetensorsRejection(
  action: Promise<unknown>,
  expected: { file: string; tensor?: string; pattern: RegExp },
): Promise<void> {
  let thrown: unknown;
  try {
    await action;
  } catch (error) {
    thrown = error;
  }
  checkSafetensorsError(thrown, expected);
}

function checkSafetensorsError(thrown: unknown, expected: { file: string; tensor?: string; pattern: RegExp }): void {
  expect(thrown).toBeInstanceOf(SafetensorsError);
  const error = thrown as SafetensorsError;
  expect(error.code).toBe('safetensors-format');
  expect(error.file).toBe(expected.file);
  expect(error.message).toContain(expected.file);
  expect(error.tensor).toBe(expected.tensor);
  if (expected.tensor !== undefined) expect(error.message).toContain(`'${expected.tensor}'`);
  expect(error.message).toMatch(expected.pattern);
}
