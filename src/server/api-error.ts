/**
 * The API's error shape `{code, message, details}`. Every layer's errors keep their own codes
 * (BridgeError, AirspaceError, …); the status of each code comes from the one table, ERROR_STATUS.
 */
import { CodedError } from '../../lib/coded-error.js';
import { ERROR_STATUS, isErrorCode } from './error-registry.js';

export const API_ERROR_CODES = ['VALIDATION_FAILED', 'BODY_MALFORMED', 'BODY_TOO_LARGE', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'VEHICLE_UNKNOWN', 'RATE_LIMITED', 'INTERNAL', 'WS_MESSAGE_INVALID', 'WS_TOO_MANY_SUBSCRIPTIONS', 'WS_TOO_MANY_CLIENTS'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export class ApiError extends CodedError<ApiErrorCode> {
  override readonly name = 'ApiError';
}

export interface ErrorBody {
  code: string;
  message: string;
  details: Readonly<Record<string, unknown>>;
}

const INTERNAL_BODY: ErrorBody = { code: 'INTERNAL', message: 'internal error; the server log has the details', details: {} };

/**
 * Any thrown value → status and body. An error whose `code` is in ERROR_STATUS answers with that
 * status (details from `details`, or `issues` for errors that list them); anything else, and every
 * 500, becomes INTERNAL without leaking internals.
 */
export function toErrorResponse(e: unknown): { status: number; body: ErrorBody } {
  const coded = e as { code?: unknown; details?: unknown; issues?: unknown };
  if (!(e instanceof Error) || !isErrorCode(coded.code)) return { status: 500, body: INTERNAL_BODY };
  const status = ERROR_STATUS[coded.code];
  if (status === 500) return { status, body: INTERNAL_BODY };
  const details = (coded.details ?? (coded.issues ? { issues: coded.issues } : {})) as Record<string, unknown>;
  return { status, body: { code: coded.code, message: e.message, details } };
}
