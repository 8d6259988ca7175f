/**
 * PX4's geofence from the FENCE plan: inclusion/exclusion polygons and circles. A point is inside
 * the fence when it lies inside at least one inclusion area (if any exist) and in no exclusion area
 * (PX4 Geofence::checkPolygons). Pure; works in the vehicle's local metre frame.
 */
import { toNE, type LatLon, type NE } from '../physics/geo.js';
import { MAV_CMD, itemLatLon, type PlanItem } from './items.js';

export type FenceArea =
  | { kind: 'polygon'; inclusion: boolean; vertices: NE[] }
  | { kind: 'circle'; inclusion: boolean; center: NE; radiusM: number };

/**
 * Parse FENCE items into areas (polygon vertices are consecutive items, param1 = vertex count).
 * @example parseFence(items, home) // [{kind:'polygon', inclusion:true, vertices:[…4]}, {kind:'circle', …}]
 */
export function parseFence(items: readonly PlanItem[], origin: LatLon): FenceArea[] {
  const areas: FenceArea[] = [];
  for (let i = 0; i < items.length; ) {
    const it = items[i]!;
    if (it.command === MAV_CMD.FENCE_POLYGON_VERTEX_INCLUSION || it.command === MAV_CMD.FENCE_POLYGON_VERTEX_EXCLUSION) {
      const n = Math.max(3, Math.round(it.param1));
      const vertices = items.slice(i, i + n).map((v) => toNE(itemLatLon(v), origin));
      areas.push({ kind: 'polygon', inclusion: it.command === MAV_CMD.FENCE_POLYGON_VERTEX_INCLUSION, vertices });
      i += n;
    } else if (it.command === MAV_CMD.FENCE_CIRCLE_INCLUSION || it.command === MAV_CMD.FENCE_CIRCLE_EXCLUSION) {
      areas.push({ kind: 'circle', inclusion: it.command === MAV_CMD.FENCE_CIRCLE_INCLUSION, center: toNE(itemLatLon(it), origin), radiusM: it.param1 });
      i += 1;
    } else {
      i += 1;
    }
  }
  return areas;
}

/** Ray-casting point-in-polygon. */
export function insidePolygon(p: NE, poly: readonly NE[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.n > p.n !== b.n > p.n && p.e < ((b.e - a.e) * (p.n - a.n)) / (b.n - a.n) + a.e) inside = !inside;
  }
  return inside;
}

function insideArea(p: NE, a: FenceArea): boolean {
  return a.kind === 'polygon' ? insidePolygon(p, a.vertices) : Math.hypot(p.n - a.center.n, p.e - a.center.e) <= a.radiusM;
}

/**
 * Is the point allowed by the fence? An empty fence allows everything.
 * @example insideFence({n: 0, e: 0}, []) // true
 */
export function insideFence(p: NE, areas: readonly FenceArea[]): boolean {
  let anyInclusion = false;
  let inInclusion = false;
  for (const a of areas) {
    if (a.inclusion) {
      anyInclusion = true;
      if (insideArea(p, a)) inInclusion = true;
    } else if (insideArea(p, a)) {
      return false;
    }
  }
  return !anyInclusion || inInclusion;
}

/**
 * The seq of the first mission item with a position outside the fence, or undefined.
 * PX4 reports it 1-based: "Geofence violation for waypoint N" with N = seq + 1.
 */
export function firstViolatingItem(mission: readonly PlanItem[], areas: readonly FenceArea[], origin: LatLon): number | undefined {
  if (areas.length === 0) return undefined;
  for (const it of mission) {
    const positional =
      it.command === MAV_CMD.NAV_WAYPOINT || it.command === MAV_CMD.NAV_LAND || it.command === MAV_CMD.NAV_LOITER_TIME || it.command === MAV_CMD.NAV_LOITER_UNLIM;
    if (!positional || (it.x === 0 && it.y === 0)) continue;
    if (!insideFence(toNE(itemLatLon(it), origin), areas)) return it.seq;
  }
  return undefined;
}
