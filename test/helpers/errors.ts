import { ValidationError } from '../../lib/errors';

/** The ValidationError that `fn` throws (any other error is rethrown; returning normally fails the test). */
export function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
