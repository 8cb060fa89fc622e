import { BladeUserError } from '@bladerec/core';
import { expect } from 'vitest';

/** Awaits `promise`, expects a BladeUserError and returns it. */
export async function userError(promise: Promise<unknown>): Promise<BladeUserError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BladeUserError);
    return error as BladeUserError;
  }
  throw new Error('expected a BladeUserError, but the call succeeded');
}

/** Runs `fn`, expects a thrown error of class `type` and returns it. */
export function thrown<T extends Error>(fn: () => unknown, type: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}
