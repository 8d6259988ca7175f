/**
 * Route → PX4 mission items (mission_type MISSION). Pure.
 *
 * Shape (as the recorded 7-item PX4 delivery mission, ../shared/px4/README.md §2):
 *   NAV_TAKEOFF (frame 6, z relative to home, p4 NaN) → DO_CHANGE_SPEED (p1 1 = ground speed) →
 *   NAV_WAYPOINT per route vertex (frame 6, p2 acceptance radius, p4 NaN) →
 *   land: NAV_LAND at the destination; drop-and-return: waypoint at drop height, DO_GRIPPER
 *   (p1 instance, p2 0 = release), the return legs as waypoints, NAV_LAND at home.
 * Hover legs become NAV_LOITER_TIME (p1 = seconds). Heights: z = altAglM + ground(p) − homeAmslM.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { LatLon, Route, Terrain } from '../planner/types.js';
import { MissionBuildError } from './errors.js';
import { e7, GRIPPER_RELEASE, MAV_CMD, MAV_FRAME, planItem, SPEED_TYPE_GROUND } from './mav.js';

export interface BuildMissionOptions {
  /** Ground elevation AMSL at home (= PX4 home altitude). */
  readonly homeAmslM: number;
  /** Ground elevation lookup; default flat terrain at `homeAmslM`. */
  readonly terrain?: Terrain;
  /** NAV_WAYPOINT param2, metres (default 2, PX4's NAV_ACC_RAD). */
  readonly acceptanceRadiusM?: number;
  /** DO_CHANGE_SPEED ground speed (default the vehicle's cruise speed). */
  readonly speedMps?: number;
  /** DO_GRIPPER param1 (default 1). */
  readonly gripperInstance?: number;
  /** Takeoff height when the route climbs on a slope instead of straight up (default 10 m). */
  readonly minTakeoffAltM?: number;
}

/** Horizontal distance below which two route vertices count as the same place (metres). */
export const SAME_PLACE_M = 0.5;
/** Height below which a route vertex counts as "on the ground" (metres AGL). */
export const ON_GROUND_M = 0.5;

/** Small-distance approximation, good to 0.1 % over a few km. */
export function horizontalM(a: LatLon, b: LatLon): number {
  const kLat = 111_320;
  const kLon = 111_320 * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  return Math.hypot((b.lat - a.lat) * kLat, (b.lon - a.lon) * kLon);
}

function checkRoute(route: Route): void {
  if (!route.legs.length) throw new MissionBuildError('MISSION_ROUTE_INVALID', 'the route has no legs; plan it again');
  route.legs.forEach((l, i) => {
    const nums = [l.from.lat, l.from.lon, l.from.altAglM, l.to.lat, l.to.lon, l.to.altAglM, l.durationS];
    if (!nums.every(Number.isFinite)) throw new MissionBuildError('MISSION_ROUTE_INVALID', `route leg ${i} has a non-finite position, height or duration; plan it again`, { leg: i });
  });
  if (route.legs[0]!.from.altAglM > ON_GROUND_M) {
    throw new MissionBuildError('MISSION_ROUTE_INVALID', `the route starts ${route.legs[0]!.from.altAglM} m above ground; a delivery mission starts on the ground at home`, { leg: 0 });
  }
  if (route.deliveryLegIndex < 0 || route.deliveryLegIndex >= route.legs.length) {
    throw new MissionBuildError('MISSION_ROUTE_INVALID', `deliveryLegIndex ${route.deliveryLegIndex} is not a leg of the route (0..${route.legs.length - 1})`);
  }
}

/**
 * Build the PX4 mission for a planned route.
 * @example
 * const items = buildMission(route, { homeAmslM: 10 });
 * items.map((i) => i.command); // → [22, 178, 16, 16, 21] for a land-mode route with two cruise vertices
 * @throws MissionBuildError MISSION_ROUTE_INVALID for an empty/non-finite route, one that starts in
 *   the air, or one that touches down before its end (PX4 disarms after landing).
 */
export function buildMission(route: Route, options: BuildMissionOptions): MissionItem[] {
  checkRoute(route);
  const ground = (p: LatLon): number => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const rel = (p: LatLon & { altAglM: number }): number => p.altAglM + ground(p) - options.homeAmslM;
  const accept = options.acceptanceRadiusM ?? 2;
  const drop = route.request.mode === 'drop-and-return';
  const items: MissionItem[] = [];
  const push = (fields: Parameters<typeof planItem>[2]): void => void items.push(planItem('mission', items.length, fields));
  const at = (p: LatLon) => ({ x: e7(p.lat), y: e7(p.lon) });

  const legs = route.legs;
  const home = legs[0]!.from;
  let first = 0;
  const l0 = legs[0]!;
  if (l0.kind === 'climb' && horizontalM(l0.from, l0.to) < SAME_PLACE_M) {
    push({ command: MAV_CMD.NAV_TAKEOFF, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(home), z: rel(l0.to) });
    first = 1;
    if (route.deliveryLegIndex === 0) throw new MissionBuildError('MISSION_ROUTE_INVALID', 'the route delivers at the end of its takeoff climb; plan a route that flies to the destination');
  } else {
    push({ command: MAV_CMD.NAV_TAKEOFF, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(home), z: Math.min(options.minTakeoffAltM ?? 10, rel(l0.to)) });
  }
  push({ command: MAV_CMD.DO_CHANGE_SPEED, frame: MAV_FRAME.MISSION, param1: SPEED_TYPE_GROUND, param2: options.speedMps ?? route.request.vehicle.cruiseSpeedMps, param3: -1 });

  for (let k = first; k < legs.length; k++) {
    const leg = legs[k]!;
    const flat = horizontalM(leg.from, leg.to) < SAME_PLACE_M && Math.abs(leg.to.altAglM - leg.from.altAglM) < ON_GROUND_M;
    if (flat && leg.kind === 'hover' && leg.durationS > 0) {
      push({ command: MAV_CMD.NAV_LOITER_TIME, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param1: leg.durationS, ...at(leg.to), z: rel(leg.to) });
    } else if (flat) {
      // zero-length leg without a hover: nothing to fly
    } else if (leg.to.altAglM <= ON_GROUND_M) {
      if (k !== legs.length - 1) {
        throw new MissionBuildError('MISSION_ROUTE_INVALID', `route leg ${k} touches down before the end of the route; PX4 disarms after landing, so use drop-and-return with a drop height above 0 m`, { leg: k });
      }
      push({ command: MAV_CMD.NAV_LAND, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param4: Number.NaN, ...at(leg.to), z: rel({ ...leg.to, altAglM: 0 }) });
    } else {
      push({ command: MAV_CMD.NAV_WAYPOINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT_INT, param2: accept, param4: Number.NaN, ...at(leg.to), z: rel(leg.to) });
    }
    if (drop && k === route.deliveryLegIndex) {
      push({ command: MAV_CMD.DO_GRIPPER, frame: MAV_FRAME.MISSION, param1: options.gripperInstance ?? 1, param2: GRIPPER_RELEASE });
    }
  }
  const last = items[items.length - 1]!;
  if (last.command !== MAV_CMD.NAV_LAND) {
    throw new MissionBuildError('MISSION_ROUTE_INVALID', 'the route does not end on the ground; its last leg must descend to 0 m AGL', { lastAltAglM: legs[legs.length - 1]!.to.altAglM });
  }
  return items;
}
