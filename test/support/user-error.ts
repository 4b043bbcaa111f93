import { UserError } from "../../src/errors.js";

/** The error a call throws; fails the test when it throws nothing or something else. */
export function errorOf(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw new Error(`expected a UserError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a UserError, but nothing was thrown");
}
