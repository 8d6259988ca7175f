/**
 * PX4 1.16's Return destination and return altitude (navigator `rtl.cpp` `findRtlDestination`,
 * `calculate_return_alt_from_cone_half_angle`, `setSafepointAsDestination`; `rtl_direct.cpp`
 * `on_activation`). Pure apart from the vehicle it reads.
 *
 *   RTL_TYPE 0: the closest of home and the rally points;
 *   RTL_TYPE 1: the closest of the mission landing and the rally points, never home
 *               (home only when there is neither);
 *   RTL_TYPE 3: the closest of home, the mission landing and the rally points;
 *   RTL_TYPE 2 (back along the mission) is not modelled: it behaves like 0.
 * A rally point counts only if it is more than 10 m from home and 2 m closer than the best so far.
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import { MAV_CMD, RELATIVE_FRAMES, itemLatLon, type PlanItem } from './items.js';
import type { Px4Vehicle } from './vehicle.js';

/** rtl.cpp MAX_DIST_FROM_HOME_FOR_LAND_APPROACHES: rally points this close to home are ignored. */
export const RALLY_MIN_DIST_FROM_HOME_M = 10;

const FR = common.MavFrame;
/** PX4's RTL_TYPE values this model distinguishes (a PX4 parameter, not a MAVLink enum). */
const RTL_TYPE = { MISSION_LANDING: 1, CLOSEST: 3 } as const;
/** rtl.cpp MIN_DIST_THRESHOLD: a candidate must be this much closer than the current best. */
export const RTL_MIN_DIST_THRESHOLD_M = 2;

export type RtlDestinationKind = 'home' | 'rally' | 'mission-land';

export interface RtlDestination {
  kind: RtlDestinationKind;
  /** index of the rally point when kind is 'rally' */
  index?: number;
  n: number;
  e: number;
  /** AMSL altitude of the destination (PX4 lands there; the ground here is flat) */
  altAmsl: number;
}

/** The mission's landing (PX4: the land item after DO_LAND_START, or the NAV_LAND item). */
function missionLanding(v: Px4Vehicle): PlanItem | undefined {
  const items = v.s.mission.items;
  const start = items.findIndex((i) => i.command === MAV_CMD.DO_LAND_START);
  return items.slice(Math.max(0, start)).find((i) => i.command === MAV_CMD.NAV_LAND && !(i.x === 0 && i.y === 0));
}

/** Where PX4 would return to from here, and the texts PX4 sends while choosing (unsupported frames). */
export function rtlDestination(v: Px4Vehicle): { dest: RtlDestination; texts: string[] } {
  const s = v.s;
  const b = s.body;
  const type = v.params.get('RTL_TYPE');
  const missionLandingOnly = type === RTL_TYPE.MISSION_LANDING;
  const homeNE = v.local(s.home);
  const distTo = (p: { n: number; e: number }): number => Math.hypot(b.n - p.n, b.e - p.e);
  let dest: RtlDestination = { kind: 'home', n: homeNE.n, e: homeNE.e, altAmsl: s.home.altAmsl };
  let minDist = missionLandingOnly ? Infinity : distTo(homeNE);
  const texts: string[] = [];
  const land = missionLandingOnly || type === RTL_TYPE.CLOSEST ? missionLanding(v) : undefined;
  if (land) {
    const ne = v.local(itemLatLon(land));
    const d = distTo(ne);
    if (d + RTL_MIN_DIST_THRESHOLD_M < minDist) {
      minDist = d;
      dest = { kind: 'mission-land', n: ne.n, e: ne.e, altAmsl: RELATIVE_FRAMES.has(land.frame) ? land.z + s.home.altAmsl : land.z };
    }
  }
  s.rally.items.forEach((it, index) => {
    if (it.command !== MAV_CMD.NAV_RALLY_POINT) return;
    const ne = v.local(itemLatLon(it));
    if (Math.hypot(ne.n - homeNE.n, ne.e - homeNE.e) <= RALLY_MIN_DIST_FROM_HOME_M) return;
    const d = distTo(ne);
    if (!(d + RTL_MIN_DIST_THRESHOLD_M < minDist)) return;
    // setSafepointAsDestination handles MAV_FRAME_GLOBAL (0) and GLOBAL_RELATIVE_ALT (3) only.
    if (it.frame !== FR.GLOBAL && it.frame !== FR.GLOBAL_RELATIVE_ALT) {
      texts.push('RTL: unsupported MAV_FRAME\t');
      return;
    }
    minDist = d;
    dest = { kind: 'rally', index, n: ne.n, e: ne.e, altAmsl: it.frame === FR.GLOBAL_RELATIVE_ALT ? it.z + s.home.altAmsl : it.z };
  });
  return { dest, texts };
}

/** Return altitude (AMSL): RTL_CONE_ANG > 0 → PX4's cone rule near the destination, else destination + RTL_RETURN_ALT; never below the current altitude. */
export function returnAltitudeAmsl(v: Px4Vehicle, dest: RtlDestination): number {
  const b = v.s.body;
  const cur = v.position().altAmsl;
  const p = v.params;
  const dist = Math.hypot(b.n - dest.n, b.e - dest.e);
  const cone = p.get('RTL_CONE_ANG');
  let ret = dest.altAmsl + p.get('RTL_RETURN_ALT');
  if (cone > 0) {
    const acc = p.get('NAV_ACC_RAD');
    if (dist <= acc) {
      ret = dest.altAmsl + 2 * dist;
    } else {
      if (dist <= p.get('RTL_MIN_DIST')) {
        const rad = (Math.min(Math.max(cone, 1), 89) * Math.PI) / 180;
        ret = Math.min(dist / Math.tan(rad) + dest.altAmsl, ret);
      }
      ret = Math.max(ret, dest.altAmsl + 2 * acc);
    }
  }
  return Math.max(ret, cur);
}

/** rtl_direct on_activation's text: both numbers rounded up (ceilf), as PX4 prints them. */
export function rtlStartText(rtlAltAmsl: number, dest: RtlDestination): string {
  return `RTL: start return at ${Math.ceil(rtlAltAmsl - 1e-4)} m (${Math.ceil(rtlAltAmsl - dest.altAmsl - 1e-4)} m above destination)\t`;
}
