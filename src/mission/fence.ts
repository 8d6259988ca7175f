/**
 * Geofence for a planned route: inclusion polygon(s) around the corridor (PX4: inside any
 * inclusion and outside every exclusion), holes of the corridor as exclusion polygons, and
 * optional exclusion circles. Within PX4's fence storage (64 items in SITL). Pure.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { LatLon, Route } from '../planner/types.js';
import { corridorPolygons, routeCentreline, type Corridor } from './corridor.js';
import { MissionBuildError } from './errors.js';
import { e7, MAV_CMD, MAV_FRAME, planItem, PX4_MAX_FENCE_ITEMS } from './mav.js';

/** A fence shape as QGC's `.plan` stores it: polygons as `[lat, lon]` vertices, circles in metres. */
export type FenceShape =
  | { readonly kind: 'polygon'; readonly inclusion: boolean; readonly vertices: readonly LatLon[]; readonly zoneId?: string }
  | { readonly kind: 'circle'; readonly inclusion: boolean; readonly center: LatLon; readonly radiusM: number; readonly zoneId?: string };

export interface Geofence {
  readonly shapes: readonly FenceShape[];
  /** FENCE items (mission_type 1), frame GLOBAL as MAVSDK/QGC send them. */
  readonly items: readonly MissionItem[];
  readonly corridor: Corridor;
}

export interface GeofenceOptions {
  /** Corridor half-width, metres (default 15: inside the planner's 20 m safety margin). */
  readonly halfWidthM?: number;
  /** Fence items the vehicle stores (default 64, PX4 SITL). */
  readonly maxItems?: number;
  /** Extra exclusion circles (e.g. prohibited zones near the route). Each costs one item. */
  readonly exclusionCircles?: ReadonlyArray<{ readonly center: LatLon; readonly radiusM: number; readonly zoneId?: string }>;
  /** Extra exclusion polygons (e.g. around a building or a power line's span). Each vertex costs one item. */
  readonly exclusionPolygons?: ReadonlyArray<{ readonly vertices: readonly LatLon[]; readonly zoneId?: string }>;
}

export const DEFAULT_CORRIDOR_HALF_WIDTH_M = 15;

/** Order vertices clockwise (east = x, north = y), as QGC's fence docs ask. */
function clockwise(vertices: readonly LatLon[]): LatLon[] {
  let a = 0;
  for (let i = 0; i < vertices.length; i++) {
    const p = vertices[i]!, q = vertices[(i + 1) % vertices.length]!;
    a += p.lon * q.lat - q.lon * p.lat;
  }
  return a > 0 ? [...vertices].reverse() : [...vertices];
}

/**
 * FENCE items for shapes: polygon vertices 5001/5002 (param1 = vertex count), circles 5003/5004
 * (param1 = radius), frame GLOBAL, seq in order.
 * @example fenceItems([{ kind: 'circle', inclusion: false, center: { lat: 53.55, lon: 9.99 }, radiusM: 50 }])[0].command // → 5004
 */
export function fenceItems(shapes: readonly FenceShape[]): MissionItem[] {
  const items: MissionItem[] = [];
  for (const s of shapes) {
    if (s.kind === 'polygon') {
      const command = s.inclusion ? MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION : MAV_CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
      for (const v of s.vertices) items.push(planItem('fence', items.length, { command, frame: MAV_FRAME.GLOBAL, param1: s.vertices.length, x: e7(v.lat), y: e7(v.lon) }));
    } else {
      const command = s.inclusion ? MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION : MAV_CMD.NAV_FENCE_CIRCLE_EXCLUSION;
      items.push(planItem('fence', items.length, { command, frame: MAV_FRAME.GLOBAL, param1: s.radiusM, x: e7(s.center.lat), y: e7(s.center.lon) }));
    }
  }
  return items;
}

/**
 * The corridor geofence for a route.
 * @example
 * const fence = buildGeofence(route, { halfWidthM: 15 });
 * fence.items.length <= 64; // true
 * @throws MissionBuildError FENCE_LIMIT_EXCEEDED when even the simplified corridor needs more items
 */
export function buildGeofence(route: Pick<Route, 'legs'>, options: GeofenceOptions = {}): Geofence {
  const max = options.maxItems ?? PX4_MAX_FENCE_ITEMS;
  const circles = options.exclusionCircles ?? [];
  const polygons = options.exclusionPolygons ?? [];
  const extra = circles.length + polygons.reduce((n, p) => n + p.vertices.length, 0);
  const corridor = corridorPolygons(routeCentreline(route), options.halfWidthM ?? DEFAULT_CORRIDOR_HALF_WIDTH_M, max - extra);
  const shapes: FenceShape[] = [];
  for (const p of corridor.polygons) {
    shapes.push({ kind: 'polygon', inclusion: true, vertices: clockwise(p.outer) });
    for (const h of p.holes) shapes.push({ kind: 'polygon', inclusion: false, vertices: clockwise(h) });
  }
  for (const p of polygons) shapes.push({ kind: 'polygon', inclusion: false, vertices: clockwise(p.vertices), ...(p.zoneId ? { zoneId: p.zoneId } : {}) });
  for (const c of circles) shapes.push({ kind: 'circle', inclusion: false, center: { lat: c.center.lat, lon: c.center.lon }, radiusM: c.radiusM, ...(c.zoneId ? { zoneId: c.zoneId } : {}) });
  const items = fenceItems(shapes);
  if (items.length > max) {
    throw new MissionBuildError('FENCE_LIMIT_EXCEEDED', `the corridor fence needs ${items.length} items but the vehicle stores ${max}; split the delivery into shorter routes or allow fewer exclusion areas`, { items: items.length, max });
  }
  return { shapes, items, corridor };
}
