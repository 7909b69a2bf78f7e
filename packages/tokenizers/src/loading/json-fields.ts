import { TokenizerError } from '@adapters/core';

/** A JSON object being read, with the file and key path that error messages name. */
export interface JsonContext {
  readonly file: string;
  readonly path: string;
}

export type JsonObject = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
}

export function fail(context: JsonContext, expected: string, received: unknown): never {
  throw new TokenizerError({ file: context.file, message: `${context.path}: expected ${expected}, received ${describe(received)}` });
}

export function child(context: JsonContext, key: string | number): JsonContext {
  return { file: context.file, path: typeof key === 'number' ? `${context.path}[${key}]` : context.path === '' ? key : `${context.path}.${key}` };
}

/** Parses JSON text, naming the file when it is malformed. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TokenizerError({ file, message: `malformed JSON (${(error as Error).message})`, cause: error });
  }
}

export function expectObject(value: unknown, context: JsonContext): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(context, 'an object', value);
  return value as JsonObject;
}

export function expectArray(value: unknown, context: JsonContext): readonly unknown[] {
  if (!Array.isArray(value)) fail(context, 'an array', value);
  return value;
}

export function expectString(value: unknown, context: JsonContext): string {
  if (typeof value !== 'string') fail(context, 'a string', value);
  return value;
}

export function expectInteger(value: unknown, context: JsonContext): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(context, 'a non-negative integer', value);
  return value;
}

/** The value under `key`, or `undefined` when it is missing or null (HF writes null for "not set"). */
export function optional<T>(object: JsonObject, key: string, context: JsonContext, read: (value: unknown, context: JsonContext) => T): T | undefined {
  const value = object[key];
  return value === undefined || value === null ? undefined : read(value, child(context, key));
}

export function readBoolean(value: unknown, context: JsonContext): boolean {
  if (typeof value !== 'boolean') fail(context, 'a boolean', value);
  return value;
}

export function readNumber(value: unknown, context: JsonContext): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(context, 'a number', value);
  return value;
}
