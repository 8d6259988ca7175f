/** Errors of the fleet layer (delivery execution, safety gates). Codes are listed in docs/errors.md. */
import { CodedError } from '../../lib/coded-error.js';
export const FLEET_ERROR_CODES = ['MISSION_NOT_VALIDATED', 'MISSION_UNSAFE', 'VEHICLE_NOT_HEALTHY', 'VEHICLE_BUSY', 'DELIVERY_NOT_ACTIVE', 'DELIVERY_UNKNOWN', 'LAUNCH_ABORTED', 'SIGNING_NO_KEY', 'SIGNING_NOT_CONFIRMED', 'PLAN_WORKER_FAILED'] as const;
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

export class FleetError extends CodedError<FleetErrorCode> {
  override readonly name = 'FleetError';
}
