/**
 * Conformance for vertical obstacles: a live vehicle inside a structure's keep-out volume (closer
 * than the horizontal clearance to it and lower than its top + the vertical clearance) raises
 * IN_OBSTACLE_CLEARANCE, one alert per structure. Critical when it is within half the horizontal
 * clearance and below the top itself (the structure is right there), else a warning. Pure.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { pointConflicts, type ObstacleSet } from '../obstacles/clearance.js';
import { OBSTACLE_RULE_ID } from '../obstacles/types.js';
import type { Violation } from './alerts.js';
import type { LatLon } from '../geo/types.js';

/**
 * @example
 * checkObstacleClearance(set, vehicle.session.state, 3)[0]?.code; // → 'IN_OBSTACLE_CLEARANCE' beside the television tower
 */
export function checkObstacleClearance(set: ObstacleSet, s: VehicleState, airborneAboveM: number): Violation[] {
  const p = s.position;
  if (!p || !(p.relAltM > airborneAboveM)) return [];
  const r = (x: number): string => x.toFixed(0);
  return pointConflicts(set, { lat: p.lat, lon: p.lon, altAglM: p.relAltM }).map((c) => {
    const critical = c.horizontalM < c.clearance.horizontalM / 2 && p.relAltM < c.topAglM;
    return {
      code: 'IN_OBSTACLE_CLEARANCE', severity: critical ? 'critical' : 'warning', key: c.obstacle.id,
      message: `vehicle ${s.sysid} is ${r(c.horizontalM)} m from ${c.obstacle.name} (${c.obstacle.id}, top ${r(c.topAglM)} m AGL) at ${r(p.relAltM)} m AGL; ${OBSTACLE_RULE_ID} needs ${r(c.clearance.horizontalM)} m or ${set.clearance.verticalM} m above the top`,
      details: { obstacleId: c.obstacle.id, ruleId: OBSTACLE_RULE_ID, horizontalM: Math.round(c.horizontalM * 10) / 10, topAglM: c.topAglM, altAglM: p.relAltM },
    } satisfies Violation;
  });
}

/**
 * Where a watched flight may stand next to a structure: the route's two ends and the vehicle's own
 * home (it climbs where it stands, which may be a pad beside the planned start). A structure nearer
 * to one of them than its clearance is relaxed to that distance, as the planner does for the ends.
 * @example obstacleSetFor(list, frame, ground, window, watchPads(route.request, state.home))
 */
export function watchPads(request: { from: LatLon; to: LatLon }, home: LatLon | undefined): LatLon[] {
  return [request.from, request.to, ...(home ? [{ lat: home.lat, lon: home.lon }] : [])];
}
