import { ScimError } from "./errors";

/** Runs `fn` and returns the ScimError it throws; anything else (or nothing) fails the test. */
export function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}
