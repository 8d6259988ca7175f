/** Errors of the storage layer (src/store). Codes are listed in docs/errors.md. */
import { CodedError, codedErrorGuard } from '../../lib/coded-error.js';

export const STORE_ERROR_CODES = [
  'STORE_OPEN_FAILED',
  'STORE_FILE_UNEXPECTED',
  'STORE_SCHEMA_TOO_NEW',
  'STORE_MIGRATION_FAILED',
  'STORE_CLOSED',
  'STORE_NOT_FOUND',
  'STORE_DUPLICATE',
  'STORE_INVALID_INPUT',
  'STORE_WRITE_FAILED',
  'STORE_UNAVAILABLE',
  'DELIVERY_TRANSITION_INVALID',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** A typed storage error with a stable `code`; the message says what to do next. */
export class StoreError extends CodedError<StoreErrorCode> {
  override readonly name = 'StoreError';
}

/** Narrowing guard, optionally for one code. */
export const isStoreError = codedErrorGuard<StoreErrorCode, StoreError>(StoreError);
