/**
 * Exact lateral facts of a passage through a convex polygon volume (route-constraints.ts): instead
 * of sampling the segment every 5 m and asking each sample "inside? how deep?", the segment is
 * clipped against the polygon's edge lines once (entry/exit parameters) and the deepest point is
 * found among the clip ends and the points where two edge lines are equally near.
 *
 * Why this is exact: inside a convex polygon the distance to the boundary is the smallest distance
 * to an edge's supporting line, and along a segment each of those is linear in t. Their minimum is
 * concave and piecewise linear, so its maximum (and that of minimum + altitude, altitude being linear
 * too) lies at an end of the inside interval or where two lines cross. Non-convex rings, holes and
 * open rings are left to sampling (undefined here).
 */
import type { CompiledFootprint } from './compiled.js';

/** Edge lines n·p + c ≥ 0 inside, n a unit inward normal; one per non-degenerate edge. */
export interface ConvexLines {
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  readonly c: Float64Array;
}

const cache = new WeakMap<CompiledFootprint, ConvexLines | null>();
const EPS = 1e-9; // containsXY's edge tolerance (distance)

/** The edge lines of a single closed convex ring, or null (sampled instead). */
export function convexLines(f: CompiledFootprint): ConvexLines | null {
  let hit = cache.get(f);
  if (hit !== undefined) return hit;
  hit = f.kind === 'polygon' && f.rings.length === 1 ? linesOfRing(f.rings[0]!) : null;
  cache.set(f, hit);
  return hit;
}

function linesOfRing(r: Float64Array): ConvexLines | null {
  const n = r.length / 2;
  // sampling's depth (distToPolyline) uses edges i → i+1 only: the ring must be closed to agree
  if (n < 4 || r[0] !== r[r.length - 2] || r[1] !== r[r.length - 1]) return null;
  const ex: number[] = [], ey: number[] = [], ox: number[] = [], oy: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const dx = r[2 * i + 2]! - r[2 * i]!, dy = r[2 * i + 3]! - r[2 * i + 1]!;
    if (dx === 0 && dy === 0) continue;
    ex.push(dx); ey.push(dy); ox.push(r[2 * i]!); oy.push(r[2 * i + 1]!);
  }
  const m = ex.length;
  if (m < 3) return null;
  // convex and simple: every turn to the same side (straight on allowed, reversals not) and the
  // turns add up to exactly one full circle (a star's add up to more)
  let sign = 0, turn = 0;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const cross = ex[i]! * ey[j]! - ey[i]! * ex[j]!;
    const dot = ex[i]! * ex[j]! + ey[i]! * ey[j]!;
    const s = Math.abs(cross) <= 1e-12 * Math.hypot(ex[i]!, ey[i]!) * Math.hypot(ex[j]!, ey[j]!) ? 0 : Math.sign(cross);
    if (s === 0 && dot < 0) return null;
    if (s !== 0) {
      if (sign !== 0 && s !== sign) return null;
      sign = s;
    }
    turn += Math.atan2(cross, dot);
  }
  if (sign === 0 || Math.abs(Math.abs(turn) - 2 * Math.PI) > 1e-6) return null;
  const nx = new Float64Array(m), ny = new Float64Array(m), c = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const len = Math.hypot(ex[i]!, ey[i]!);
    // inward normal: left of the edge for a counter-clockwise ring (sign > 0), right otherwise
    nx[i] = (-ey[i]! / len) * sign;
    ny[i] = (ex[i]! / len) * sign;
    c[i] = -(nx[i]! * ox[i]! + ny[i]! * oy[i]!);
  }
  return { nx, ny, c };
}

/** Deepest point of a passage: max depth, and max of depth + altitude AGL. */
export interface DeepestOnSegment {
  readonly depth: number;
  readonly depthPlusAlt: number;
}

/**
 * Over the part of A→B (t ∈ [t0, t1]) inside the convex polygon: the largest distance to its
 * boundary and the largest (distance + altitude), altitude linear from altA (t = 0) to altB (t = 1).
 * Undefined when no point of [t0, t1] is inside.
 * @example
 * deepestOnSegment(convexLines(square100)!, -50, 50, 150, 50, 0, 1, 0, 0); // → { depth: 50, depthPlusAlt: 50 }
 */
export function deepestOnSegment(l: ConvexLines, ax: number, ay: number, bx: number, by: number, t0: number, t1: number, altA: number, altB: number): DeepestOnSegment | undefined {
  const m = l.c.length;
  // scratch space shared by calls (pure: filled before it is read, never kept); no allocation
  // per call, as this runs for every Return line through a waterway's rectangles
  if (scratchP.length < m) {
    scratchP = new Float64Array(2 * m);
    scratchQ = new Float64Array(2 * m);
  }
  const p = scratchP, q = scratchQ;
  let lo = t0, hi = t1;
  for (let e = 0; e < m; e++) {
    const pe = l.nx[e]! * ax + l.ny[e]! * ay + l.c[e]!;
    const qe = l.nx[e]! * (bx - ax) + l.ny[e]! * (by - ay);
    p[e] = pe; q[e] = qe;
    if (qe === 0) {
      if (pe < -EPS) return undefined;
    } else if (qe > 0) lo = Math.max(lo, (-EPS - pe) / qe);
    else hi = Math.min(hi, (-EPS - pe) / qe);
  }
  if (lo > hi) return undefined;
  const dAlt = altB - altA;
  // the ends of the inside interval, then every point where two edge lines are equally near
  let d = depthAt(p, q, m, lo);
  let depth = d, depthPlusAlt = d + altA + dAlt * lo;
  d = depthAt(p, q, m, hi);
  depth = Math.max(depth, d);
  depthPlusAlt = Math.max(depthPlusAlt, d + altA + dAlt * hi);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (q[i] === q[j]) continue;
      const t = (p[j]! - p[i]!) / (q[i]! - q[j]!);
      if (!(t > lo && t < hi)) continue;
      d = depthAt(p, q, m, t);
      depth = Math.max(depth, d);
      depthPlusAlt = Math.max(depthPlusAlt, d + altA + dAlt * t);
    }
  }
  return { depth, depthPlusAlt };
}

/** Distance to the nearest edge line at t (0 for a boundary point within the tolerance, as sampling measures it). */
function depthAt(p: Float64Array, q: Float64Array, m: number, t: number): number {
  let d = Infinity;
  for (let e = 0; e < m; e++) d = Math.min(d, p[e]! + q[e]! * t);
  return Math.max(0, d);
}

let scratchP = new Float64Array(16), scratchQ = new Float64Array(16);
