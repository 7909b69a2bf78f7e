import { expect } from 'vitest';
import { AdaptersError, ModelResolutionError } from '@adapters/core';

/** Awaits `promise`, expects it to reject with a typed ModelResolutionError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<ModelResolutionError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelResolutionError);
  expect(AdaptersError.isInstance(error) && error.code).toBe('model-resolution');
  return error as ModelResolutionError;
}
