/**
 * PX4 1.16's geofence (navigator `geofence.cpp`) in the vehicle's local metre frame. Pure.
 *
 * - A point passes `isInsidePolygonOrCircle` when it is inside EVERY inclusion area and outside every
 *   exclusion area (PX4 ANDs `checkPointAgainstPolygonCircle` over all areas; two inclusion
 *   polygons that only overlap do not make a union). Circles are strict (d < r).
 * - When the fence is loaded, PX4 drops each area that does not contain home (if home is valid:
 *   "Geofence invalid, doesn't contain Home position") or, while flying with GF_ACTION set, the
 *   current position (`_updateFence` → `checkHomeRequirementsForGeofence`,
 *   `checkCurrentPositionRequirementsForGeofence`).
 * - `checkPointAgainstAllGeofences` adds GF_MAX_HOR_DIST (horizontal distance to home, strict <)
 *   and GF_MAX_VER_DIST (altitude above home, strict <); both 0 = off.
 */
import { toNE, type LatLon, type NE } from '../physics/geo.js';
import { MAV_CMD, itemLatLon, type PlanItem } from './items.js';

export type FenceArea =
  | { kind: 'polygon'; inclusion: boolean; vertices: NE[] }
  | { kind: 'circle'; inclusion: boolean; center: NE; radiusM: number };

/** A point in the local frame with its height above the local origin's ground. */
export interface NEU extends NE {
  up: number;
}

export interface FenceLimits {
  /** GF_MAX_HOR_DIST (m, 0 = off) */
  maxHorDist: number;
  /** GF_MAX_VER_DIST (m above home, 0 = off) */
  maxVerDist: number;
}

/**
 * Parse FENCE items into areas (polygon vertices are consecutive items, param1 = vertex count).
 * @example parseFence(items, home) // [{kind:'polygon', inclusion:true, vertices:[…4]}, {kind:'circle', …}]
 */
export function parseFence(items: readonly PlanItem[], origin: LatLon): FenceArea[] {
  const areas: FenceArea[] = [];
  for (let i = 0; i < items.length; ) {
    const it = items[i]!;
    if (it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION || it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
      const n = Math.max(3, Math.round(it.param1));
      const vertices = items.slice(i, i + n).map((v) => toNE(itemLatLon(v), origin));
      areas.push({ kind: 'polygon', inclusion: it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION, vertices });
      i += n;
    } else if (it.command === MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION || it.command === MAV_CMD.NAV_FENCE_CIRCLE_EXCLUSION) {
      areas.push({ kind: 'circle', inclusion: it.command === MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION, center: toNE(itemLatLon(it), origin), radiusM: it.param1 });
      i += 1;
    } else {
      i += 1;
    }
  }
  return areas;
}

/** Ray-casting point-in-polygon (PX4's PNPOLY). */
export function insidePolygon(p: NE, poly: readonly NE[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.n > p.n !== b.n > p.n && p.e < ((b.e - a.e) * (p.n - a.n)) / (b.n - a.n) + a.e) inside = !inside;
  }
  return inside;
}

/** checkPointAgainstPolygonCircle: inside an inclusion area, or outside an exclusion area. */
export function passesArea(p: NE, a: FenceArea): boolean {
  const inside = a.kind === 'polygon' ? insidePolygon(p, a.vertices) : Math.hypot(p.n - a.center.n, p.e - a.center.e) < a.radiusM;
  return a.inclusion ? inside : !inside;
}

/**
 * isInsidePolygonOrCircle: every area must pass. An empty fence allows everything.
 * @example insideAreas({n: 0, e: 0}, []) // true
 */
export function insideAreas(p: NE, areas: readonly FenceArea[]): boolean {
  return areas.every((a) => passesArea(p, a));
}

/**
 * The areas PX4 keeps when the fence is loaded, and the texts it sends for the dropped ones.
 * `home` undefined = home not valid yet (no check); `current` undefined = on the ground or GF_ACTION 0.
 */
export function loadAreas(areas: readonly FenceArea[], home: NE | undefined, current: NE | undefined): { kept: FenceArea[]; texts: string[] } {
  const kept: FenceArea[] = [];
  const texts: string[] = [];
  for (const a of areas) {
    const homeOk = !home || passesArea(home, a);
    const currentOk = !current || passesArea(current, a);
    if (!homeOk) texts.push("Geofence invalid, doesn't contain Home position\t");
    if (!currentOk) texts.push("Geofence invalid, doesn't contain current vehicle position\t");
    if (homeOk && currentOk) kept.push(a);
  }
  return { kept, texts };
}

export interface FenceBreach {
  maxDist: boolean;
  maxAlt: boolean;
  fence: boolean;
}

/** checkPointAgainstAllGeofences, with each reason (geofence_result's three *_triggered flags). */
export function checkPoint(p: NEU, areas: readonly FenceArea[], home: NEU | undefined, limits: FenceLimits): FenceBreach {
  return {
    maxDist: limits.maxHorDist > 0 && home !== undefined && !(Math.hypot(p.n - home.n, p.e - home.e) < limits.maxHorDist),
    maxAlt: limits.maxVerDist > 0 && home !== undefined && !(p.up - home.up < limits.maxVerDist),
    fence: !insideAreas(p, areas),
  };
}

export const breached = (b: FenceBreach): boolean => b.maxDist || b.maxAlt || b.fence;

/**
 * The seq of the first mission item with a position that fails the fence, or undefined. PX4's
 * feasibility check reports it 1-based: "Geofence violation for waypoint N" with N = seq + 1.
 */
export function firstViolatingItem(
  mission: readonly PlanItem[],
  check: (p: NEU) => boolean,
  position: (it: PlanItem) => NEU,
): number | undefined {
  for (const it of mission) {
    const positional =
      it.command === MAV_CMD.NAV_WAYPOINT || it.command === MAV_CMD.NAV_LAND || it.command === MAV_CMD.NAV_LOITER_TIME || it.command === MAV_CMD.NAV_LOITER_UNLIM;
    if (!positional || (it.x === 0 && it.y === 0)) continue;
    if (!check(position(it))) return it.seq;
  }
  return undefined;
}
