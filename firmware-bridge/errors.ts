/**
 * Every error the bridge throws is a BridgeError with a stable code. Codes are documented in
 * docs/errors.md (a test keeps the two in step); messages say what to do next.
 */
import { CodedError, codedErrorGuard } from '../lib/coded-error.js';

export const BRIDGE_ERROR_CODES = [
  // connection URLs and transports
  'URL_INVALID',
  'TRANSPORT_OPEN_FAILED',
  'TRANSPORT_CLOSED',
  'LINK_CLOSED',
  'NO_ROUTE_TO_VEHICLE',
  // mission protocol
  'MISSION_UPLOAD_TIMEOUT',
  'MISSION_DOWNLOAD_TIMEOUT',
  'MISSION_CLEAR_TIMEOUT',
  'MISSION_SET_CURRENT_TIMEOUT',
  'MISSION_SET_CURRENT_REJECTED',
  'MISSION_CANCELLED',
  'MISSION_BUSY',
  'MISSION_PROTOCOL_ERROR',
  'MISSION_VERIFY_MISMATCH',
  'MISSION_INVALID_ITEMS',
  'MISSION_NACK_ERROR',
  'MISSION_NACK_UNSUPPORTED_FRAME',
  'MISSION_NACK_UNSUPPORTED',
  'MISSION_NACK_NO_SPACE',
  'MISSION_NACK_INVALID',
  'MISSION_NACK_INVALID_PARAM',
  'MISSION_NACK_INVALID_SEQUENCE',
  'MISSION_NACK_DENIED',
  'MISSION_NACK_OPERATION_CANCELLED',
  // commands
  'COMMAND_TIMEOUT',
  'COMMAND_TEMPORARILY_REJECTED',
  'COMMAND_DENIED',
  'COMMAND_UNSUPPORTED',
  'COMMAND_FAILED',
  'COMMAND_CANCELLED',
  'COMMAND_LONG_ONLY',
  'COMMAND_INT_ONLY',
  'COMMAND_UNSUPPORTED_FRAME',
  'COMMAND_NOT_IN_CONTROL',
  'COMMAND_BUSY',
  'COMMAND_ABORTED',
  'COMMAND_INVALID_PARAMS',
  'COMMAND_PROTOCOL_ERROR',
  'MODE_UNKNOWN',
  // parameters
  'PARAM_TIMEOUT',
  'PARAM_SET_REJECTED',
  'PARAM_INVALID',
  'PARAM_CANCELLED',
  'PARAM_PROTOCOL_ERROR',
  // tlog
  'TLOG_TRUNCATED',
] as const;

export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export class BridgeError extends CodedError<BridgeErrorCode> {
  override readonly name = 'BridgeError';
}

export const isBridgeError = codedErrorGuard<BridgeErrorCode, BridgeError>(BridgeError);
