/**
 * The planned corridor: every point within `halfWidthM` of the route's ground track, as one or
 * more polygons that are guaranteed to contain it. Pure.
 *
 * Geometry runs in an equirectangular frame (x ∝ lon, y ∝ lat, metres at the centre latitude),
 * not ENU: PX4 tests fence polygons with straight edges in lat/lon, and an ENU-straight 4.5 km edge
 * bows ≈ 0.5 m away from the lat/lon-straight one. The vehicle flies ENU-straight legs (local
 * tangent plane at home), so the half-width grows by that bow, measured per leg, and by the
 * worst east-west scale ratio across the latitudes spanned, so the corridor stays contained.
 *
 * Construction: one rectangle per centreline segment, lengthened by the half-width at both ends
 * (so it contains the segment's round-capped buffer), unioned. To fit a vertex budget the
 * centreline is simplified first (Douglas–Peucker, tolerance t) and the half-width grows by t:
 * every original point lies within t of the simplified line, so the corridor stays contained.
 */
import type { Position } from 'geojson';
import polygonClipping, { type Pair, type Polygon as PcPolygon } from 'polygon-clipping';
import { createLocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { toLocalXY } from '../geo/to-local.js';
import { DEG, meridionalRadiusM, primeVerticalRadiusM } from '../geo/wgs84.js';
import type { LatLon, Route } from '../planner/types.js';
import { MissionBuildError } from './errors.js';

type XY = readonly [number, number];

/** A corridor polygon: outer ring and holes as closed `[lat, lon]` rings (QGC fence order). */
export interface CorridorPolygon {
  readonly outer: readonly LatLon[];
  readonly holes: readonly (readonly LatLon[])[];
}

export interface Corridor {
  /** Half-width actually used (requested + simplification tolerance), metres. */
  readonly halfWidthM: number;
  readonly requestedHalfWidthM: number;
  /** Simplification tolerance that made the polygon fit, metres (0 = exact). */
  readonly toleranceM: number;
  readonly polygons: readonly CorridorPolygon[];
  /** Vertices over all polygons and holes (rings not closed). */
  readonly vertexCount: number;
  /** The ground track the corridor was built around (deduplicated route vertices). */
  readonly centreline: readonly LatLon[];
}

/** The route's ground track: leg ends without consecutive duplicates (< 0.5 m apart). */
export function routeCentreline(route: Pick<Route, 'legs'>): LatLon[] {
  const pts: LatLon[] = [];
  const push = (p: LatLon): void => {
    const q = pts[pts.length - 1];
    if (!q || Math.abs(q.lat - p.lat) * 111_320 > 0.5 || Math.abs(q.lon - p.lon) * 66_000 > 0.5) pts.push({ lat: p.lat, lon: p.lon });
  };
  route.legs.forEach((l, i) => {
    if (i === 0) push(l.from);
    push(l.to);
  });
  return pts;
}

function distToSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Douglas–Peucker: every input point stays within `tol` of the result; ends are kept. */
export function simplifyXY(pts: readonly XY[], tol: number): XY[] {
  if (pts.length <= 2) return [...pts];
  const keep = new Array<boolean>(pts.length).fill(false);
  keep[0] = keep[pts.length - 1] = true;
  const stack: Array<[number, number]> = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    let best = -1, dmax = -1;
    for (let k = i + 1; k < j; k++) {
      const d = distToSegment(pts[k]!, pts[i]!, pts[j]!);
      if (d > dmax) [dmax, best] = [d, k];
    }
    if (best > 0 && dmax > tol) {
      keep[best] = true;
      stack.push([i, best], [best, j]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

/** The rectangle around segment ab, lengthened by w at both ends (exported for tests). */
export function rectangle(a: XY, b: XY, w: number): Position[] {
  let dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len < 1e-9) [dx, dy] = [1, 0];
  else [dx, dy] = [dx / len, dy / len];
  const [nx, ny] = [-dy, dx];
  const a0: XY = [a[0] - dx * w, a[1] - dy * w];
  const b0: XY = [b[0] + dx * w, b[1] + dy * w];
  return [
    [a0[0] + nx * w, a0[1] + ny * w],
    [a0[0] - nx * w, a0[1] - ny * w],
    [b0[0] - nx * w, b0[1] - ny * w],
    [b0[0] + nx * w, b0[1] + ny * w],
    [a0[0] + nx * w, a0[1] + ny * w],
  ];
}

/** Vertices closer than this to their neighbours' line are dropped (metres); the width grows by it. */
const CLEAN_TOLERANCE_M = 0.02;
/** A vertex whose removal only enlarges the region, by a sliver at most this thick, is dropped (metres). */
export const EXPAND_TOLERANCE_M = 1;

/**
 * Drop repeated and (nearly) collinear vertices from a closed ring, and notches whose removal only
 * enlarges the region (reflex vertices of an outer ring, convex vertices of a hole) by < 1 m, so
 * the region still contains everything it contained. Returns the ring closed.
 */
function cleanRing(ring: readonly Position[], hole: boolean): Position[] {
  let pts = ring.slice(0, -1);
  let area = 0;
  for (let i = 0; i < pts.length; i++) area += pts[i]![0]! * pts[(i + 1) % pts.length]![1]! - pts[(i + 1) % pts.length]![0]! * pts[i]![1]!;
  let changed = true;
  while (changed && pts.length > 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length > 3; i++) {
      const p = pts[(i + pts.length - 1) % pts.length]!, q = pts[i]!, r = pts[(i + 1) % pts.length]!;
      const base = Math.hypot(r[0]! - p[0]!, r[1]! - p[1]!);
      const cross = (q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!);
      const dev = base > 0 ? Math.abs(cross) / base : 0;
      const enlarges = hole ? Math.sign(cross) === Math.sign(area) : Math.sign(cross) !== Math.sign(area);
      const near = Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!) < CLEAN_TOLERANCE_M;
      if (near || dev < CLEAN_TOLERANCE_M || (enlarges && dev < EXPAND_TOLERANCE_M)) {
        pts = [...pts.slice(0, i), ...pts.slice(i + 1)];
        changed = true;
        i--;
      }
    }
  }
  return [...pts, pts[0]!];
}

/**
 * Snap grids tried when the union (polygon-clipping) fails on near-degenerate input — typically a
 * route that doubles back along its own track; the rectangles grow by the grid so snapping never
 * shrinks them (metres).
 */
const UNION_GRIDS_M = [0, 0.001, 0.01, 0.05, 0.2] as const;

/** Union of the rectangles around the line's segments, rings cleaned (exported for tests). */
export function unionXY(line: readonly XY[], w: number): Position[][][] {
  let lastError: unknown;
  for (const grid of UNION_GRIDS_M) {
    const snap = (r: Position[]): Position[] => (grid ? r.map(([x, y]) => [Math.round(x! / grid) * grid, Math.round(y! / grid) * grid]) : r);
    const rects: PcPolygon[] = [];
    const add = (a: XY, b: XY): void => void rects.push([snap(rectangle(a, b, w + grid)) as Pair[]]);
    if (line.length === 1) add(line[0]!, line[0]!);
    for (let i = 0; i + 1 < line.length; i++) add(line[i]!, line[i + 1]!);
    try {
      // polygon-clipping: the same sweep as turf's polyclip-ts, in plain floats with robust
      // predicates instead of bignumber.js arithmetic (the union was ~8 % of a whole plan)
      const polys: Position[][][] = rects.length === 1 ? [rects[0]!] : polygonClipping.union(rects[0]!, ...rects.slice(1));
      return polys.map((rings) => rings.map((r, i) => cleanRing(r, i > 0)));
    } catch (e) {
      lastError = e;
    }
  }
  throw new MissionBuildError('FENCE_LIMIT_EXCEEDED', `the corridor polygon could not be built (${(lastError as Error).message}); simplify the route`, {});
}

/** Added to the half-width for the remaining scale and projection error (metres). */
const SCALE_MARGIN_M = 0.05;

/** Tolerances tried, in metres, until the corridor fits the vertex budget. */
export const SIMPLIFY_STEPS_M = [0.5, 2, 5, 10, 20, 35, 50, 75, 100] as const;

/**
 * Polygons that contain every point within `halfWidthM` of the centreline, with at most
 * `maxVertices` vertices in total when possible (see `toleranceM`/`halfWidthM` in the result).
 * @example
 * const c = corridorPolygons(routeCentreline(route), 15, 60);
 * c.polygons[0].outer.length; // vertices of the inclusion fence
 */
export function corridorPolygons(centreline: readonly LatLon[], halfWidthM: number, maxVertices: number): Corridor {
  if (!centreline.length) return { halfWidthM, requestedHalfWidthM: halfWidthM, toleranceM: 0, polygons: [], vertexCount: 0, centreline: [] };
  const lats = centreline.map((p) => p.lat);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const lon0 = centreline[0]!.lon;
  const kx = primeVerticalRadiusM(lat0 * DEG) * Math.cos(lat0 * DEG) * DEG;
  const ky = meridionalRadiusM(lat0 * DEG) * DEG;
  // true east-west metres shrink with cos(lat): north of lat0 the planar width must grow
  const scale = Math.cos(lat0 * DEG) / Math.cos(Math.max(...lats.map(Math.abs)) * DEG);
  const xy = centreline.map((p) => [(p.lon - lon0) * kx, (p.lat - lat0) * ky] as XY);
  // how far each ENU-straight leg bows away from its lat/lon-straight chord
  const enu = createLocalFrame(centreline[0]!);
  let bow = 0;
  for (let i = 0; i + 1 < centreline.length; i++) {
    const [ax, ay] = toLocalXY(enu, centreline[i]!.lon, centreline[i]!.lat);
    const [bx, by] = toLocalXY(enu, centreline[i + 1]!.lon, centreline[i + 1]!.lat);
    for (const t of [0.25, 0.5, 0.75]) {
      const m = toGeodetic(enu, { eastM: ax + (bx - ax) * t, northM: ay + (by - ay) * t });
      const cx = xy[i]![0] + (xy[i + 1]![0] - xy[i]![0]) * t, cy = xy[i]![1] + (xy[i + 1]![1] - xy[i]![1]) * t;
      bow = Math.max(bow, Math.hypot((m.lon - lon0) * kx - cx, (m.lat - lat0) * ky - cy));
    }
  }
  const w = halfWidthM * scale + bow + SCALE_MARGIN_M;
  let best: { polys: Position[][][]; tol: number; count: number } | undefined;
  for (const tol of SIMPLIFY_STEPS_M) {
    const polys = unionXY(simplifyXY(xy, tol), w + tol + CLEAN_TOLERANCE_M);
    const count = polys.reduce((sum, rings) => sum + rings.reduce((t, r) => t + r.length - 1, 0), 0);
    best = { polys, tol, count };
    if (count <= maxVertices) break;
  }
  const toLatLon = (ring: Position[]): LatLon[] => ring.slice(0, -1).map((p) => ({ lat: lat0 + p[1]! / ky, lon: lon0 + p[0]! / kx }));
  return {
    halfWidthM: halfWidthM + best!.tol,
    requestedHalfWidthM: halfWidthM,
    toleranceM: best!.tol,
    polygons: best!.polys.map((rings) => ({ outer: toLatLon(rings[0]!), holes: rings.slice(1).map(toLatLon) })),
    vertexCount: best!.count,
    centreline: centreline.map((p) => ({ lat: p.lat, lon: p.lon })),
  };
}
