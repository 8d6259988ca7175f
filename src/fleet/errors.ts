/** Errors of the fleet layer (delivery execution, safety gates). Codes are listed in docs/errors.md. */
import { CodedError } from '../../firmware-bridge/errors.js';
export const FLEET_ERROR_CODES = ['MISSION_NOT_VALIDATED', 'MISSION_UNSAFE', 'VEHICLE_NOT_HEALTHY', 'VEHICLE_BUSY', 'DELIVERY_NOT_ACTIVE', 'DELIVERY_UNKNOWN', 'LAUNCH_ABORTED', 'PLAN_WORKER_FAILED'] as const;
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

export class FleetError extends CodedError<FleetErrorCode> {
  override readonly name = 'FleetError';
}

/** HTTP status per fleet code (the API merges this into its one table). */
export const FLEET_ERROR_STATUS = { MISSION_NOT_VALIDATED: 409, MISSION_UNSAFE: 422, VEHICLE_NOT_HEALTHY: 409, VEHICLE_BUSY: 409, DELIVERY_NOT_ACTIVE: 409, DELIVERY_UNKNOWN: 404, LAUNCH_ABORTED: 409, PLAN_WORKER_FAILED: 503 } as const satisfies Record<FleetErrorCode, number>;
