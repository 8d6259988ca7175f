/**
 * Safety first: a mission may be started only if elbflug validated it against the airspace and
 * uploaded it verified. The vehicle reports the CRC32 of its stored plan (MISSION_CURRENT
 * mission_id = the upload's opaque_id), so "the mission on board is one we approved" is checkable
 * even after a restart of the service or a change by another GCS.
 */
import type { ApprovalRecord } from '../store/store.js';
import type { FleetVehicle } from './fleet.js';
import { FleetError } from './errors.js';

/** Where approvals are kept so they survive a restart (the Store in the service). */
export interface ApprovalPersistence {
  saveApproval(a: ApprovalRecord): Promise<unknown>;
  listApprovals(): Promise<readonly ApprovalRecord[]>;
}

export interface Approval {
  deliveryId: string;
  /** Who authorised any zone the route crosses only by consent, as logged. */
  approvedBy: string;
  atMs: number;
}

export class MissionApprovals {
  private readonly byOpaqueId = new Map<number, Approval>();

  constructor(private readonly persistence?: ApprovalPersistence) {}

  /** The approvals stored before a restart (a manual mission start of a plan already on board stays allowed). */
  static async restore(persistence: ApprovalPersistence): Promise<MissionApprovals> {
    const a = new MissionApprovals(persistence);
    for (const r of await persistence.listApprovals()) {
      if (!a.byOpaqueId.has(r.opaqueId)) a.byOpaqueId.set(r.opaqueId, { deliveryId: r.deliveryId, approvedBy: r.approvedBy, atMs: Date.parse(r.at) });
    }
    return a;
  }

  /** Resolves once the approval is stored (when there is a store): only then may the vehicle arm. */
  async approve(opaqueId: number, approval: Approval): Promise<void> {
    this.byOpaqueId.set(opaqueId, approval);
    await this.persistence?.saveApproval({ opaqueId, deliveryId: approval.deliveryId, approvedBy: approval.approvedBy, at: new Date(approval.atMs).toISOString() });
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
