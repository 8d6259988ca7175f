/**
 * The graph of one search round (search.ts): start, goal, crossing banks and the corner nodes of
 * the round's shapes, numbered in angular buckets of their supporting direction and sorted by
 * offset inside a bucket, so that an expansion scans only the nodes a bitangent edge can reach.
 */
import { cornerNodes, type CornerNode } from './corner-nodes.js';
import type { SearchInput, SpecialEdge } from './search.js';
import type { ShapeGrid } from './shape-grid.js';
import type { Shape } from './shapes.js';

export interface Graph {
  xs: Float64Array; ys: Float64Array;
  /** Tangent reference points; NaN for free nodes (start, goal, crossing banks). */
  px: Float64Array; py: Float64Array; qx: Float64Array; qy: Float64Array;
  /** Special edge index leaving this node (bank nodes), -1 otherwise; partner node. */
  spec: Int32Array; partner: Int32Array;
  /** Direction (mod π) of the node's supporting lines: centre and half-width, radians. */
  theta: Float64Array; halfW: Float64Array;
  /**
   * Nodes 0 … firstCorner − 1 are free (start, goal, crossing banks); corner nodes follow, numbered
   * in bucket order of theta, so bucket k is the index range [bucketStart[k], bucketStart[k + 1]).
   */
  firstCorner: number; bucketStart: Int32Array; maxHalfW: number;
  /**
   * Within a bucket, corner nodes are sorted by `off`, their offset across the bucket's centre
   * direction: a bitangent line through a node of bucket k runs within maxHalfW + BUCKET_W / 2 of
   * that direction, so from v only nodes whose offset differs by at most sin(that)·|vw| qualify.
   */
  off: Float64Array;
}


/** First index in [lo, hi) whose a[i] ≥ x (a sorted ascending there). */
export function lowerBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Angular buckets of the supporting-line directions (2.5° each). */
export const BUCKETS = 72;
export const BUCKET_W = Math.PI / BUCKETS;
const ANGLE_TOL = 1e-6;
/** Unit normals of the buckets' centre directions. */
export const BUCKET_NX = Float64Array.from({ length: BUCKETS }, (_, k) => -Math.sin((k + 0.5) * BUCKET_W));
export const BUCKET_NY = Float64Array.from({ length: BUCKETS }, (_, k) => Math.cos((k + 0.5) * BUCKET_W));

/** Supporting-line direction (mod π) and half-width of a corner node with tangent references P, Q. */
function direction(x: number, y: number, px: number, py: number, qx: number, qy: number): [number, number] {
  let ax = px - x, ay = py - y, bx = qx - x, by = qy - y;
  const la = Math.hypot(ax, ay), lb = Math.hypot(bx, by);
  ax /= la; ay /= la; bx /= lb; by /= lb;
  const nx = ax + bx, ny = ay + by; // inward bisector; the supporting lines are near its normal
  const t = Math.hypot(nx, ny) > 1e-12 ? Math.atan2(ny, nx) + Math.PI / 2 : Math.atan2(ay, ax);
  const th = ((t % Math.PI) + Math.PI) % Math.PI;
  return [th, (Math.PI - Math.acos(Math.max(-1, Math.min(1, ax * bx + ay * by)))) / 2 + ANGLE_TOL];
}

/**
 * A corner node with its supporting direction and bucket, and whether another shape covers it
 * (0 not asked yet, 1 free, 2 covered). Both answers hold for later rounds: a node inside one
 * round's ellipse can only be covered by shapes meeting that ellipse, all of which that round has.
 */
interface DirectedCorner { readonly n: CornerNode; readonly th: number; readonly hw: number; readonly k: number; readonly off: number; cover: 0 | 1 | 2 }

/** Corner nodes per shape, made once per search (the rounds share the shapes). */
export class CornerCache {
  private readonly m = new Map<Shape, DirectedCorner[]>();
  of(s: Shape): DirectedCorner[] {
    let list = this.m.get(s);
    if (!list) {
      list = cornerNodes(s).map((n) => {
        const [th, hw] = direction(n.x, n.y, n.px, n.py, n.qx, n.qy);
        const k = Math.min(BUCKETS - 1, Math.floor(th / BUCKET_W));
        return { n, th, hw, k, off: BUCKET_NX[k]! * n.x + BUCKET_NY[k]! * n.y, cover: 0 };
      });
      this.m.set(s, list);
    }
    return list;
  }
}

/**
 * The graph of one round: free nodes first (start, goal, the banks of the special edges inside the
 * ellipse), then the corner nodes of the shapes, free of every other shape, sorted into angular
 * buckets of their supporting-line direction: a line through a corner node is bitangent-compatible
 * (tangentAt) only within halfW of theta (mod π), so A* scans only the buckets that can match.
 */
export function buildGraph(inp: SearchInput, special: readonly SpecialEdge[], check: { clear(i: number): boolean }, grid: ShapeGrid, nodes: CornerCache, L: number): { g: Graph; specs: number[] } {
  const { sx, sy, gx, gy } = inp;
  // sqrt, not Math.hypot: this runs for every corner node of every round (hypot is several times slower)
  const inEllipse = (x: number, y: number): boolean => Math.sqrt((x - sx) ** 2 + (y - sy) ** 2) + Math.sqrt((x - gx) ** 2 + (y - gy) ** 2) <= L;
  const free = (x: number, y: number): boolean => !grid.pointBlocked(x, y);
  // blocked crossings (the cheap test) never become nodes: their banks would draw edge checks
  const specs: number[] = [];
  special.forEach((e, i) => {
    if (inEllipse(e.ax, e.ay) && inEllipse(e.bx, e.by) && free(e.ax, e.ay) && free(e.bx, e.by) && check.clear(i)) specs.push(i);
  });
  const firstCorner = 2 + 2 * specs.length;
  const corners: DirectedCorner[] = [];
  const perBucket = new Int32Array(BUCKETS + 1);
  for (const s of grid.shapes) {
    for (const c of nodes.of(s)) {
      const n = c.n;
      if (c.cover === 2 || !inEllipse(n.x, n.y)) continue;
      if (c.cover === 0) c.cover = free(n.x, n.y) ? 1 : 2;
      if (c.cover === 2) continue;
      corners.push(c);
      perBucket[c.k + 1]!++;
    }
  }
  // counting sort by bucket, then each bucket by offset
  const bucketStart = new Int32Array(BUCKETS + 1);
  bucketStart[0] = firstCorner;
  for (let k = 0; k < BUCKETS; k++) bucketStart[k + 1] = bucketStart[k]! + perBucket[k + 1]!;
  const order: DirectedCorner[] = new Array<DirectedCorner>(corners.length);
  const fill = bucketStart.slice();
  for (const c of corners) order[fill[c.k]!++ - firstCorner] = c;
  const byOff = (a: DirectedCorner, b: DirectedCorner): number => a.off - b.off;
  for (let k = 0; k < BUCKETS; k++) {
    const a = bucketStart[k]! - firstCorner, b = bucketStart[k + 1]! - firstCorner;
    if (b - a < 2) continue;
    const sorted = order.slice(a, b).sort(byOff);
    for (let i = 0; i < sorted.length; i++) order[a + i] = sorted[i]!;
  }
  const n = firstCorner + order.length;
  const g: Graph = {
    xs: new Float64Array(n), ys: new Float64Array(n), px: new Float64Array(n), py: new Float64Array(n),
    qx: new Float64Array(n), qy: new Float64Array(n), spec: new Int32Array(n).fill(-1), partner: new Int32Array(n).fill(-1),
    theta: new Float64Array(n), halfW: new Float64Array(n), firstCorner, bucketStart, maxHalfW: 0, off: new Float64Array(n),
  };
  g.xs[0] = inp.sx; g.ys[0] = inp.sy; g.xs[1] = inp.gx; g.ys[1] = inp.gy;
  specs.forEach((i, j) => {
    const e = special[i]!, a = 2 + 2 * j;
    g.xs[a] = e.ax; g.ys[a] = e.ay; g.xs[a + 1] = e.bx; g.ys[a + 1] = e.by;
    g.spec[a] = i; g.spec[a + 1] = i; g.partner[a] = a + 1; g.partner[a + 1] = a;
  });
  for (let i = 0; i < firstCorner; i++) { g.px[i] = NaN; g.py[i] = NaN; g.qx[i] = NaN; g.qy[i] = NaN; g.halfW[i] = Math.PI; }
  let maxHalfW = 0;
  for (let i = firstCorner; i < n; i++) {
    const { n: c, th, hw, off } = order[i - firstCorner]!;
    g.xs[i] = c.x; g.ys[i] = c.y; g.px[i] = c.px; g.py[i] = c.py; g.qx[i] = c.qx; g.qy[i] = c.qy;
    g.theta[i] = th; g.halfW[i] = hw; g.off[i] = off;
    if (hw > maxHalfW) maxHalfW = hw;
  }
  g.maxHalfW = maxHalfW;
  return { g, specs };
}

/** Line u→w leaves u tangentially: both tangent reference points of u lie on one side of it. */
export function tangentAt(g: Graph, u: number, dx: number, dy: number): boolean {
  const px = g.px[u]!;
  if (Number.isNaN(px)) return true;
  const ux = g.xs[u]!, uy = g.ys[u]!;
  const c1 = dx * (g.py[u]! - uy) - dy * (px - ux);
  const c2 = dx * (g.qy[u]! - uy) - dy * (g.qx[u]! - ux);
  const eps = 1e-9 * (Math.abs(dx) + Math.abs(dy));
  return !((c1 > eps && c2 < -eps) || (c1 < -eps && c2 > eps));
}
