/**
 * Optimality of the search: on seeded random small obstacle sets (discs, non-convex polygons,
 * corridors), the route length equals a brute-force optimum within 0.5 %. The brute force is
 * written independently here: a dense visibility graph (turning points every 2° on circumscribed
 * circles around EVERY disc centre, polygon vertex and corridor vertex — no convexity or tangent
 * pruning) with its own exact segment-distance test, searched by plain Dijkstra.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../sim/protocol/mission-faults.js';
import { shortestPath } from '../../src/planner/search.js';
import { makeShape, type Shape } from '../../src/planner/shapes.js';

type Seg = [number, number, number, number];

function pointSeg(px: number, py: number, [ax, ay, bx, by]: Seg): number {
  const dx = bx - ax, dy = by - ay, l = dx * dx + dy * dy;
  const t = l === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}
function segSeg(a: Seg, b: Seg): number {
  const o = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  if (o(a[0], a[1], a[2], a[3], b[0], b[1]) * o(a[0], a[1], a[2], a[3], b[2], b[3]) < 0 && o(b[0], b[1], b[2], b[3], a[0], a[1]) * o(b[0], b[1], b[2], b[3], a[2], a[3]) < 0) return 0;
  return Math.min(pointSeg(a[0], a[1], b), pointSeg(a[2], a[3], b), pointSeg(b[0], b[1], a), pointSeg(b[2], b[3], a));
}
function inPoly(x: number, y: number, p: ArrayLike<number>): boolean {
  let c = false;
  for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) if ((p[i + 1]! > y) !== (p[j + 1]! > y) && x < ((p[j]! - p[i]!) * (y - p[i + 1]!)) / (p[j + 1]! - p[i + 1]!) + p[i]!) c = !c;
  return c;
}
/** Independent clearance of a segment to a shape (metres; 0 when it enters a polygon). */
function clearance(s: Shape, seg: Seg): number {
  const c = s.core;
  if (c.kind === 'disc') return pointSeg(c.cx, c.cy, seg);
  const p = c.kind === 'tube' ? c.pts : c.ring;
  if (c.kind === 'poly' && inPoly(seg[0], seg[1], p)) return 0;
  let d = Infinity;
  for (let i = 0; i + 3 < p.length; i += 2) d = Math.min(d, segSeg(seg, [p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!]));
  return d;
}

function bruteForce(sx: number, sy: number, gx: number, gy: number, shapes: Shape[]): number {
  const K = 120; // 3° steps: circumscribed error ≤ 0.02 %
  const step = (2 * Math.PI) / K;
  const xs = [sx, gx], ys = [sy, gy];
  for (const s of shapes) {
    const c = s.core;
    const centres = c.kind === 'disc' ? [c.cx, c.cy] : [...(c.kind === 'tube' ? c.pts : c.ring)];
    const R = (s.r + 0.01) / Math.cos(step / 2);
    for (let i = 0; i < centres.length; i += 2) {
      for (let k = 0; k < K; k++) {
        const x = centres[i]! + R * Math.cos(k * step), y = centres[i + 1]! + R * Math.sin(k * step);
        if (shapes.every((o) => clearance(o, [x, y, x, y]) >= o.r)) { xs.push(x); ys.push(y); }
      }
    }
  }
  const n = xs.length;
  const dist = new Float64Array(n).fill(Infinity), done = new Uint8Array(n);
  dist[0] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || dist[i]! < dist[u]!)) u = i;
    if (u < 0 || dist[u] === Infinity) return Infinity;
    if (u === 1) return dist[1]!;
    done[u] = 1;
    for (let v = 0; v < n; v++) {
      if (done[v]) continue;
      const d = dist[u]! + Math.hypot(xs[v]! - xs[u]!, ys[v]! - ys[u]!);
      if (d >= dist[v]!) continue;
      const seg: Seg = [xs[u]!, ys[u]!, xs[v]!, ys[v]!];
      let free = true;
      for (const o of shapes) {
        if (Math.max(seg[0], seg[2]) < o.minX || Math.min(seg[0], seg[2]) > o.maxX || Math.max(seg[1], seg[3]) < o.minY || Math.min(seg[1], seg[3]) > o.maxY) continue;
        if (clearance(o, seg) < o.r - 1e-6) { free = false; break; }
      }
      if (free) dist[v] = d;
    }
  }
}

function randomShapes(seed: number): Shape[] {
  const r = mulberry32(seed);
  const shapes: Shape[] = [];
  const count = 4 + Math.floor(r() * 3);
  for (let i = 0; i < count; i++) {
    const cx = -700 + r() * 1400, cy = -350 + r() * 700; // across the start–goal line
    const k = r();
    if (k < 0.4) shapes.push(makeShape({ kind: 'disc', cx, cy }, 80 + r() * 220, `D${i}`, 0));
    else if (k < 0.75) {
      const n = 4 + Math.floor(r() * 4);
      const ring: number[] = [];
      for (let j = 0; j < n; j++) {
        const a = (2 * Math.PI * j) / n, d = 100 + r() * 250;
        ring.push(cx + d * Math.cos(a), cy + d * Math.sin(a));
      }
      ring.push(ring[0]!, ring[1]!);
      shapes.push(makeShape({ kind: 'poly', ring: Float64Array.from(ring) }, 20, `P${i}`, 0));
    } else {
      const pts = [cx, cy];
      for (let j = 0; j < 2; j++) pts.push(pts[pts.length - 2]! + (r() - 0.5) * 600, pts[pts.length - 1]! + (r() - 0.5) * 600);
      shapes.push(makeShape({ kind: 'tube', pts: Float64Array.from(pts) }, 30 + r() * 60, `T${i}`, 0));
    }
  }
  return shapes;
}

const SEEDS = Array.from({ length: 16 }, (_, i) => i + 1);
let detours = 0;

describe('optimality against a dense brute-force visibility graph', () => {
  it.each(SEEDS)('seed %i: same length within 0.5 %, legal', (seed) => {
    const shapes = randomShapes(seed);
    const [sx, sy, gx, gy] = [-1100, -100 + (seed % 5) * 50, 1100, 100 - (seed % 3) * 100];
    if (shapes.some((s) => clearance(s, [sx, sy, sx, sy]) < s.r || clearance(s, [gx, gy, gx, gy]) < s.r)) return;
    const ours = shortestPath({ sx, sy, gx, gy, shapes, special: [], maxLengthM: 20_000 });
    const best = bruteForce(sx, sy, gx, gy, shapes);
    if (best === Infinity) {
      expect(ours.kind).toBe('none');
      return;
    }
    expect(ours.kind).toBe('found');
    if (ours.kind !== 'found') return;
    for (let i = 0; i + 1 < ours.xs.length; i++) {
      const seg: Seg = [ours.xs[i]!, ours.ys[i]!, ours.xs[i + 1]!, ours.ys[i + 1]!];
      for (const s of shapes) expect(clearance(s, seg)).toBeGreaterThanOrEqual(s.r - 0.01);
    }
    if (process.env.PLANNER_OPT_LOG) console.log(seed, ours.lengthM, best, ((ours.lengthM / best - 1) * 100).toFixed(3) + ' %');
    if (ours.lengthM > Math.hypot(gx - sx, gy - sy) * 1.01) detours++;
    expect(ours.lengthM).toBeGreaterThanOrEqual(best * 0.9999);
    expect(ours.lengthM).toBeLessThanOrEqual(best * 1.005);
  });
  it('the seeded sets are not trivial: most optimal routes detour by more than 1 %', () => {
    expect(detours).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });
});
