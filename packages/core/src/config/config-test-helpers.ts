// Helpers shared by the config tests (not exported from the package).
import { expect } from 'vitest';
import { InvalidConfigError } from '../errors/invalid-config-error';

/** Runs `action` and checks it throws an InvalidConfigError whose path and message name `field`. */
export function expectInvalidConfig(action: () => unknown, field: string, messagePattern?: RegExp): InvalidConfigError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidConfigError);
  const error = thrown as InvalidConfigError;
  expect(error.code).toBe('invalid-config');
  expect(error.path).toBe(field);
  expect(error.message).toContain(`'${field}'`);
  if (messagePattern !== undefined) expect(error.message).toMatch(messagePattern);
  return error;
}
