/** Errors of the deconfliction core. Codes are listed in docs/errors.md ("Deconfliction"). */
import { CodedError } from '../../lib/coded-error.js';

export const DECONFLICT_ERROR_CODES = ['INTENT_CONFLICT', 'INTENT_TRANSITION_INVALID', 'INTENT_UNKNOWN', 'NO_VEHICLE_AVAILABLE'] as const;
export type DeconflictErrorCode = (typeof DECONFLICT_ERROR_CODES)[number];

export class DeconflictError extends CodedError<DeconflictErrorCode> {
  override readonly name = 'DeconflictError';
}
