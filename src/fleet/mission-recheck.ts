/**
 * A manual mission start from the ground re-flies a mission elbflug approved at some launch. The
 * approval (by the mission's opaque id) lasts, so the mission is judged again against the zones
 * active now — as the launch judges it at its own time (launch.ts `airspaceAtMs`): a zone that
 * became active since (a closure, an event day) must not be flown through by restarting it.
 */
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { MissionObstacles } from '../mission/obstacle-check.js';
import type { Store } from '../store/store.js';
import type { MissionApprovals } from './approvals.js';
import type { StoredPlan } from './deliveries.js';
import { FleetError } from './errors.js';
import type { FleetVehicle } from './fleet.js';
import { assertMissionSafe } from './launch.js';
import { isAirborne } from './progress.js';

export interface MissionRecheckDeps {
  readonly approvals: MissionApprovals;
  readonly store: Store;
  readonly index: AirspaceIndex;
  readonly obstacles?: MissionObstacles | undefined;
  /** Wall-clock time (ms) the restarted mission flies from. */
  readonly nowMs: () => number;
}

/**
 * Throws MISSION_UNSAFE (naming item, zone and rule) when the approved mission on a vehicle that
 * is not known to be airborne would now enter an obstacle zone; MISSION_NOT_VALIDATED when its delivery's
 * plan is gone. In the air a start resumes the flight that was launched (conformance watches it).
 * @example await assertApprovedMissionSafeNow({ approvals, store, index, nowMs: Date.now }, vehicle)
 */
export async function assertApprovedMissionSafeNow(d: MissionRecheckDeps, vehicle: FleetVehicle): Promise<void> {
  const s = vehicle.session.state;
  if (isAirborne(s)) return; // unknown or on the ground: judged
  const approval = d.approvals.approvalFor(s.mission?.missionId);
  if (!approval) return; // assertMissionStartAllowed refuses it
  const stored = (await d.store.getDelivery(approval.deliveryId))?.plan as unknown as StoredPlan | null | undefined;
  if (!stored?.plan || !stored.route) {
    throw new FleetError('MISSION_NOT_VALIDATED', `the mission on ${vehicle.id} was approved for delivery ${approval.deliveryId}, whose plan is not stored here any more, so it cannot be checked against the airspace now; launch a delivery instead`, { vehicle: vehicle.id, deliveryId: approval.deliveryId });
  }
  const at = s.position;
  assertMissionSafe(stored.plan.mission, d.index, stored.route.request.profile, stored.route, {
    homeAmslM: stored.plan.home.altAmslM, obstacles: d.obstacles, departAt: new Date(d.nowMs()).toISOString(),
    standing: at ? { lat: at.lat, lon: at.lon } : undefined,
  });
}
