/**
 * The API's error shape `{code, message, details}` and the ONE table from code to HTTP status.
 * Domain errors keep their own codes (BridgeError, AirspaceError, …); only the status is decided here.
 */
import { isBridgeError, type BridgeErrorCode } from '../../firmware-bridge/errors.js';
import { CodedError } from '../../lib/coded-error.js';
import { isAirspaceError, type AirspaceErrorCode } from '../airspace/errors.js';

export const API_ERROR_CODES = ['VALIDATION_FAILED', 'BODY_MALFORMED', 'BODY_TOO_LARGE', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'VEHICLE_UNKNOWN', 'RATE_LIMITED', 'INTERNAL', 'WS_MESSAGE_INVALID', 'WS_TOO_MANY_SUBSCRIPTIONS', 'WS_TOO_MANY_CLIENTS'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export class ApiError extends CodedError<ApiErrorCode> {
  override readonly name = 'ApiError';
}

const API_STATUS = {
  VALIDATION_FAILED: 400,
  BODY_MALFORMED: 400,
  BODY_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VEHICLE_UNKNOWN: 404,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  WS_MESSAGE_INVALID: 400,
  WS_TOO_MANY_SUBSCRIPTIONS: 400,
  WS_TOO_MANY_CLIENTS: 503,
} as const satisfies Record<ApiErrorCode, number>;

/** Bridge errors: the vehicle refused (409), did not answer (504), or the link is gone (502). */
function bridgeStatus(code: BridgeErrorCode): number {
  if (code.endsWith('_TIMEOUT')) return 504;
  if (code === 'LINK_CLOSED' || code === 'TRANSPORT_CLOSED' || code === 'TRANSPORT_OPEN_FAILED' || code === 'NO_ROUTE_TO_VEHICLE') return 502;
  if (code === 'URL_INVALID' || code === 'MODE_UNKNOWN' || code === 'COMMAND_INVALID_PARAMS' || code === 'PARAM_INVALID' || code === 'MISSION_INVALID_ITEMS') return 400;
  return 409;
}

/**
 * Airspace errors reach the API only from what a request carried (a mission's waypoints, a profile,
 * consents): 400, except a data set that needs a height reference the request cannot give (422).
 */
function airspaceStatus(code: AirspaceErrorCode): number {
  return code === 'HEIGHT_REFERENCE_MISSING' ? 422 : 400;
}

export interface ErrorBody {
  code: string;
  message: string;
  details: Readonly<Record<string, unknown>>;
}

/** Any thrown value → status and body. Unknown errors become INTERNAL without leaking internals. */
export function toErrorResponse(e: unknown, extraStatus: Readonly<Record<string, number>> = {}): { status: number; body: ErrorBody } {
  if (e instanceof ApiError) return { status: API_STATUS[e.code], body: { code: e.code, message: e.message, details: e.details } };
  if (isBridgeError(e)) return { status: bridgeStatus(e.code), body: { code: e.code, message: e.message, details: e.details } };
  if (isAirspaceError(e)) return { status: airspaceStatus(e.code), body: { code: e.code, message: e.message, details: e.details } };
  const coded = e as { code?: unknown; message?: unknown; details?: unknown; issues?: unknown };
  if (e instanceof Error && typeof coded.code === 'string' && extraStatus[coded.code] !== undefined) {
    const details = (coded.details ?? (coded.issues ? { issues: coded.issues } : {})) as Record<string, unknown>;
    return { status: extraStatus[coded.code]!, body: { code: coded.code, message: e.message, details } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error; the server log has the details', details: {} } };
}
