/**
 * Candidate turning points of the visibility graph: around every convex corner of an inflated
 * shape, the vertices of a CIRCUMSCRIBED polygonal arc (radius r / cos(δ/2), step δ ≤ ARC_STEP_RAD),
 * so every edge between neighbouring nodes is tangent to the true round corner and never cuts it.
 * Each node carries two reference points on its local tangent lines, for the bitangent test.
 */
import { ARC_STEP_RAD } from './defaults.js';
import { CLEARANCE_TOL_M, type Shape } from './shapes.js';

/** A turning point: position plus the two reference points of its local tangent lines. */
export interface CornerNode {
  readonly x: number;
  readonly y: number;
  readonly px: number;
  readonly py: number;
  readonly qx: number;
  readonly qy: number;
}

function arc(out: CornerNode[], cx: number, cy: number, r: number, a1: number, sweep: number): void {
  const m = Math.max(1, Math.ceil(sweep / ARC_STEP_RAD - 1e-9));
  const d = sweep / m;
  const R = (r + 2 * CLEARANCE_TOL_M) / Math.cos(d / 2);
  // the tangent references of node j are its neighbours on the arc (angles j ∓ 1): one cos/sin per angle
  let px = cx + R * Math.cos(a1 - 0.5 * d), py = cy + R * Math.sin(a1 - 0.5 * d);
  let x = cx + R * Math.cos(a1 + 0.5 * d), y = cy + R * Math.sin(a1 + 0.5 * d);
  for (let j = 0; j < m; j++) {
    const t = a1 + (j + 1.5) * d;
    const qx = cx + R * Math.cos(t), qy = cy + R * Math.sin(t);
    out.push({ x, y, px, py, qx, qy });
    px = x; py = y; x = qx; y = qy;
  }
}

/** Arcs at the left turns of a closed vertex sequence (CCW polygon, or a polyline walked out and back). */
function ringArcs(out: CornerNode[], xs: number[], ys: number[], r: number): void {
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const h = (i + n - 1) % n, k = (i + 1) % n;
    const dix = xs[i]! - xs[h]!, diy = ys[i]! - ys[h]!;
    const dox = xs[k]! - xs[i]!, doy = ys[k]! - ys[i]!;
    const cross = dix * doy - diy * dox;
    const dot = dix * dox + diy * doy;
    const scale = Math.hypot(dix, diy) * Math.hypot(dox, doy);
    if (scale === 0) continue;
    const turn = Math.abs(cross) <= 1e-12 * scale && dot < 0 ? Math.PI : Math.atan2(cross, dot);
    if (turn <= 1e-9) continue;
    // outward (right-hand) normal of the incoming edge, rotated CCW through the turn
    arc(out, xs[i]!, ys[i]!, r, Math.atan2(-dix, diy), turn);
  }
}

function dedupe(a: Float64Array, closed: boolean): { xs: number[]; ys: number[] } {
  const xs: number[] = [], ys: number[] = [];
  const len = closed ? a.length - 2 : a.length;
  for (let i = 0; i < len; i += 2) {
    const x = a[i]!, y = a[i + 1]!;
    if (xs.length > 0 && Math.abs(x - xs[xs.length - 1]!) < 1e-9 && Math.abs(y - ys[ys.length - 1]!) < 1e-9) continue;
    xs.push(x); ys.push(y);
  }
  if (closed && xs.length > 1 && Math.abs(xs[0]! - xs[xs.length - 1]!) < 1e-9 && Math.abs(ys[0]! - ys[ys.length - 1]!) < 1e-9) {
    xs.pop(); ys.pop();
  }
  return { xs, ys };
}

/**
 * Turning points around one shape (not yet filtered against other shapes).
 * @example
 * cornerNodes(makeShape({ kind: 'disc', cx: 0, cy: 0 }, 100, 'Z', 0)).length; // → 36
 */
export function cornerNodes(s: Shape): CornerNode[] {
  const out: CornerNode[] = [];
  const c = s.core;
  if (c.kind === 'disc') {
    arc(out, c.cx, c.cy, s.r, 0, 2 * Math.PI);
    return out;
  }
  if (c.kind === 'tube') {
    const { xs, ys } = dedupe(c.pts, false);
    if (xs.length === 1) {
      arc(out, xs[0]!, ys[0]!, s.r, 0, 2 * Math.PI);
      return out;
    }
    // out and back: both sides, caps of π at the ends
    for (let i = xs.length - 2; i >= 1; i--) { xs.push(xs[i]!); ys.push(ys[i]!); }
    ringArcs(out, xs, ys, s.r);
    return out;
  }
  const { xs, ys } = dedupe(c.ring, true);
  let area = 0;
  for (let i = 0; i < xs.length; i++) {
    const k = (i + 1) % xs.length;
    area += xs[i]! * ys[k]! - xs[k]! * ys[i]!;
  }
  if (area < 0) { xs.reverse(); ys.reverse(); }
  ringArcs(out, xs, ys, s.r);
  return out;
}
