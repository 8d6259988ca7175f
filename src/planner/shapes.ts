/**
 * Obstacle shapes in the local ENU frame (metres) and the planar tests the search needs. A shape
 * is "everything closer than `r` to a core": a point (disc), a polyline (tube) or a polygon
 * (inside, or closer than r to its boundary). That is exactly the zone footprint inflated by the
 * safety margin: circles, ED-269 corridors and polygons need no polygonal approximation here.
 */

export type ShapeCore =
  | { readonly kind: 'disc'; readonly cx: number; readonly cy: number }
  | { readonly kind: 'tube'; readonly pts: Float64Array }
  | { readonly kind: 'poly'; readonly ring: Float64Array };

export interface Shape {
  readonly core: ShapeCore;
  /** Clearance: the obstacle is every point with distance to the core < r. */
  readonly r: number;
  readonly zoneId: string;
  readonly volumeIndex: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** Bounding circle (centre, radius) used for the ellipse pruning. */
  readonly bx: number;
  readonly by: number;
  readonly br: number;
}

/** Tolerance of the clearance tests, metres: an edge exactly tangent to a shape is free. */
export const CLEARANCE_TOL_M = 1e-3;

// Local copies of the src/geo/planar primitives: these run millions of times per search and must
// stay monomorphic and free of module-boundary indirection.
function distToSegmentSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/** Even-odd test on a closed flat ring (boundary points may go either way; callers add a clearance). */
function pointInRing(x: number, y: number, ring: Float64Array): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!, yi = ring[i + 1]!, xj = ring[j]!, yj = ring[j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Proper crossing of AB and CD (closure-free: this runs millions of times per search). */
function properCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function segSegDistSq(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  // touching and collinear cases give a zero endpoint distance below
  if (properCross(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    distToSegmentSq(ax, ay, cx, cy, dx, dy), distToSegmentSq(bx, by, cx, cy, dx, dy),
    distToSegmentSq(cx, cy, ax, ay, bx, by), distToSegmentSq(dx, dy, ax, ay, bx, by),
  );
}

/** Whether AB comes closer than lim to the edge p[i..i+3] (bounding-box reject first). */
function edgeNear(ax: number, ay: number, bx: number, by: number, p: Float64Array, i: number, lim: number, lim2: number): boolean {
  const cx = p[i]!, cy = p[i + 1]!, dx = p[i + 2]!, dy = p[i + 3]!;
  if ((ax < bx ? ax : bx) > (cx > dx ? cx : dx) + lim || (ax > bx ? ax : bx) < (cx < dx ? cx : dx) - lim) return false;
  if ((ay < by ? ay : by) > (cy > dy ? cy : dy) + lim || (ay > by ? ay : by) < (cy < dy ? cy : dy) - lim) return false;
  return segSegDistSq(ax, ay, bx, by, cx, cy, dx, dy) < lim2;
}

/**
 * Builds a shape with its bounding box and bounding circle.
 * @example
 * makeShape({ kind: 'disc', cx: 0, cy: 0 }, 120, 'HHH01', 0).maxX; // → 120
 */
export function makeShape(core: ShapeCore, r: number, zoneId: string, volumeIndex: number): Shape {
  let minX: number, minY: number, maxX: number, maxY: number;
  if (core.kind === 'disc') {
    minX = maxX = core.cx; minY = maxY = core.cy;
  } else {
    const a = core.kind === 'tube' ? core.pts : core.ring;
    minX = minY = Infinity; maxX = maxY = -Infinity;
    for (let i = 0; i < a.length; i += 2) {
      minX = Math.min(minX, a[i]!); maxX = Math.max(maxX, a[i]!);
      minY = Math.min(minY, a[i + 1]!); maxY = Math.max(maxY, a[i + 1]!);
    }
  }
  const bx = (minX + maxX) / 2, by = (minY + maxY) / 2;
  return {
    core, r, zoneId, volumeIndex, minX: minX - r, minY: minY - r, maxX: maxX + r, maxY: maxY + r,
    bx, by, br: Math.hypot(maxX - minX, maxY - minY) / 2 + r,
  };
}

/**
 * Distance from a point to the shape's core (0 inside a polygon core).
 * @example
 * coreDistance(makeShape({ kind: 'disc', cx: 0, cy: 0 }, 10, 'Z', 0), 30, 40); // → 50
 */
export function coreDistance(s: Shape, x: number, y: number): number {
  const c = s.core;
  switch (c.kind) {
    case 'disc':
      return Math.hypot(x - c.cx, y - c.cy);
    case 'tube': {
      let best = Infinity;
      if (c.pts.length === 2) return Math.hypot(x - c.pts[0]!, y - c.pts[1]!);
      for (let i = 0; i + 3 < c.pts.length; i += 2) best = Math.min(best, distToSegmentSq(x, y, c.pts[i]!, c.pts[i + 1]!, c.pts[i + 2]!, c.pts[i + 3]!));
      return Math.sqrt(best);
    }
    case 'poly': {
      if (pointInRing(x, y, c.ring)) return 0;
      let best = Infinity;
      for (let i = 0; i + 3 < c.ring.length; i += 2) best = Math.min(best, distToSegmentSq(x, y, c.ring[i]!, c.ring[i + 1]!, c.ring[i + 2]!, c.ring[i + 3]!));
      return Math.sqrt(best);
    }
  }
}

/**
 * Whether a point lies inside the obstacle (closer than r − tolerance to the core).
 * @example
 * pointBlocked(makeShape({ kind: 'disc', cx: 0, cy: 0 }, 10, 'Z', 0), 5, 0); // → true
 */
export function pointBlocked(s: Shape, x: number, y: number): boolean {
  return coreDistance(s, x, y) < s.r - CLEARANCE_TOL_M;
}

/**
 * Whether segment A→B comes closer than r − tolerance to the shape's core (exact, no sampling).
 * @example
 * segmentBlocked(makeShape({ kind: 'disc', cx: 0, cy: 0 }, 10, 'Z', 0), -20, 5, 20, 5); // → true
 */
export function segmentBlocked(s: Shape, ax: number, ay: number, bx: number, by: number): boolean {
  if (Math.max(ax, bx) < s.minX || Math.min(ax, bx) > s.maxX || Math.max(ay, by) < s.minY || Math.min(ay, by) > s.maxY) return false;
  const lim = s.r - CLEARANCE_TOL_M;
  if (lim <= 0) return false;
  const lim2 = lim * lim;
  const c = s.core;
  switch (c.kind) {
    case 'disc':
      return distToSegmentSq(c.cx, c.cy, ax, ay, bx, by) < lim2;
    case 'tube': {
      const p = c.pts;
      if (p.length === 2) return distToSegmentSq(p[0]!, p[1]!, ax, ay, bx, by) < lim2;
      for (let i = 0; i + 3 < p.length; i += 2) if (edgeNear(ax, ay, bx, by, p, i, lim, lim2)) return true;
      return false;
    }
    case 'poly': {
      // edges first: a blocked segment almost always comes near one, and then the ring test
      // (needed only for a segment wholly inside) is never asked; the same answer either way
      const p = c.ring;
      for (let i = 0; i + 3 < p.length; i += 2) if (edgeNear(ax, ay, bx, by, p, i, lim, lim2)) return true;
      return pointInRing(ax, ay, p);
    }
  }
}
