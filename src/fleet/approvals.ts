/**
 * Safety first: a mission may be started only if elbflug validated it against the airspace and
 * uploaded it verified. The vehicle reports the CRC32 of its stored plan (MISSION_CURRENT
 * mission_id = the upload's opaque_id), so "the mission on board is one we approved" is checkable
 * even after a restart of the service or a change by another GCS.
 */
import type { FleetVehicle } from './fleet.js';
import { FleetError } from './errors.js';

export interface Approval {
  deliveryId: string;
  /** Who authorised any zone the route crosses only by consent, as logged. */
  approvedBy: string;
  atMs: number;
}

export class MissionApprovals {
  private readonly byOpaqueId = new Map<number, Approval>();

  approve(opaqueId: number, approval: Approval): void {
    this.byOpaqueId.set(opaqueId, approval);
  }

  approvalFor(opaqueId: number | undefined): Approval | undefined {
    return opaqueId === undefined || opaqueId === 0 ? undefined : this.byOpaqueId.get(opaqueId);
  }

  /** Throws MISSION_NOT_VALIDATED unless the plan stored on the vehicle is one elbflug approved. */
  assertMissionStartAllowed(vehicle: FleetVehicle): void {
    const id = vehicle.session.state.mission?.missionId;
    if (!this.approvalFor(id)) {
      throw new FleetError(
        'MISSION_NOT_VALIDATED',
        `the mission stored on ${vehicle.id} (id ${id ?? 'unknown'}) was not planned and validated by elbflug; launch a delivery instead, or import the mission and validate it first`,
        { vehicle: vehicle.id, missionId: id },
      );
    }
  }
}
