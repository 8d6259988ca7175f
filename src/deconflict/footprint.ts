/**
 * Footprint geometry: convex hulls with a radius ("everything within r of a convex polygon"), their
 * exact distance, and a polygon that circumscribes one (for export). Local metres. Pure.
 */
import type { Footprint, XY } from './types.js';

const cross = (o: XY, a: XY, b: XY): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/**
 * Convex hull, counter-clockwise, without collinear points (Andrew's monotone chain).
 * @example convexHull([{x:0,y:0},{x:1,y:0},{x:0,y:1},{x:0.2,y:0.2}]).length // 3
 */
export function convexHull(points: readonly XY[]): XY[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y).filter((p, i, s) => i === 0 || p.x !== s[i - 1]!.x || p.y !== s[i - 1]!.y);
  if (pts.length <= 2) return pts;
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  const hull = lower.concat(upper);
  return hull.length ? hull : pts.slice(0, 1);
}

function pointSegment(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + u * dx), p.y - (a.y + u * dy));
}

function segmentsCross(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function segmentDistance(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsCross(a, b, c, d)) return 0;
  return Math.min(pointSegment(a, c, d), pointSegment(b, c, d), pointSegment(c, a, b), pointSegment(d, a, b));
}

/** Inside (or on) a counter-clockwise convex polygon of at least 3 vertices. */
function insideConvex(p: XY, hull: readonly XY[]): boolean {
  if (hull.length < 3) return false;
  for (let i = 0; i < hull.length; i++) if (cross(hull[i]!, hull[(i + 1) % hull.length]!, p) < 0) return false;
  return true;
}

/** Distance between two convex hulls (0 when they overlap). */
export function hullDistance(a: readonly XY[], b: readonly XY[]): number {
  if (insideConvex(a[0]!, b) || insideConvex(b[0]!, a)) return 0;
  let best = Infinity;
  const na = a.length === 1 ? 1 : a.length === 2 ? 1 : a.length;
  const nb = b.length === 1 ? 1 : b.length === 2 ? 1 : b.length;
  for (let i = 0; i < na; i++) {
    const p = a[i]!;
    const q = a[(i + 1) % a.length]!;
    for (let j = 0; j < nb; j++) {
      const d = segmentDistance(p, q, b[j]!, b[(j + 1) % b.length]!);
      if (d < best) best = d;
      if (best === 0) return 0;
    }
  }
  return best;
}

/**
 * Horizontal gap between two footprints, metres (0 when they touch or overlap).
 * @example footprintGap({hull:[{x:0,y:0}],radiusM:10},{hull:[{x:50,y:0}],radiusM:10}) // 30
 */
export function footprintGap(a: Footprint, b: Footprint): number {
  return Math.max(0, hullDistance(a.hull, b.hull) - a.radiusM - b.radiusM);
}

/** Axis-aligned bounds of a footprint. */
export function footprintBounds(f: Footprint): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of f.hull) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX: minX - f.radiusM, minY: minY - f.radiusM, maxX: maxX + f.radiusM, maxY: maxY + f.radiusM };
}

/**
 * A polygon that contains the footprint (arcs circumscribed, step ≤ 15°), counter-clockwise: what
 * an ASTM `outline_polygon` carries; a one-point footprint is exported as a circle instead.
 */
export function circumscribedPolygon(f: Footprint, stepDeg = 15): XY[] {
  const hull = f.hull;
  const out: XY[] = [];
  const r = f.radiusM / Math.cos(((stepDeg / 2) * Math.PI) / 180);
  const arc = (c: XY, from: number, to: number): void => {
    let sweep = to - from;
    while (sweep < 0) sweep += 2 * Math.PI;
    const n = Math.max(1, Math.ceil(sweep / ((stepDeg * Math.PI) / 180)));
    for (let k = 0; k <= n; k++) {
      const t = from + (sweep * k) / n;
      out.push({ x: c.x + r * Math.cos(t), y: c.y + r * Math.sin(t) });
    }
  };
  if (hull.length === 1) {
    arc(hull[0]!, 0, 2 * Math.PI - 1e-9);
    return out;
  }
  // walk the hull counter-clockwise; at each vertex the outward normals of its two edges bound its arc
  const m = hull.length === 2 ? [hull[0]!, hull[1]!] : hull;
  const normal = (a: XY, b: XY): number => Math.atan2(b.y - a.y, b.x - a.x) - Math.PI / 2;
  for (let i = 0; i < m.length; i++) {
    const prev = m[(i - 1 + m.length) % m.length]!;
    const cur = m[i]!;
    const next = m[(i + 1) % m.length]!;
    arc(cur, normal(prev, cur), normal(cur, next));
  }
  return out;
}
