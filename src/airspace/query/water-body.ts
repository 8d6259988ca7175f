/**
 * A federal waterway's water body from its published geometry alone (§21h(3) Nr. 5 d): the union
 * of all the zone's footprints — one buffered polygon, overlapping per-segment rectangles, a
 * multipolygon with islands, branches and basins, corridors — as bank rings in the local frame,
 * oriented so the water lies to the left of every edge. A straight leg is a crossing "on the
 * shortest path" when it meets every bank it passes within the rule's tolerance of perpendicular:
 * where the banks run parallel that is the perpendicular to the river, where they do not (a
 * funnel, a basin mouth) it is the locally shortest way across. The rules engine
 * (route-constraints.ts) and the planner (planner/waterway-crossings.ts) both judge crossings by
 * this one derivation; a centreline hint is never needed.
 */
import { union, type Geom } from 'polyclip-ts';
import RBush from 'rbush';
import type { CompiledFootprint, CompiledVolume } from './compiled.js';

/** One bank edge (ring `ring`, vertices `i` → `i + 1`), boxed for the R-tree. */
export interface BankEdge {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly ring: number;
  readonly i: number;
}

export interface WaterBody {
  readonly zoneId: string;
  /** Closed bank rings [x0, y0, …, x0, y0], water to the left of each edge. */
  readonly rings: readonly Float64Array[];
  /** Arc length at each vertex of each ring, metres (last = ring length). */
  readonly cum: readonly Float64Array[];
  readonly edges: RBush<BankEdge>;
}

/** A point where a straight line meets a bank. */
export interface BankHit {
  /** Parameter along the line (0…1 for a segment, metres for a ray). */
  readonly t: number;
  /** Angle between the line and the bank edge, degrees (90 = perpendicular). */
  readonly angleDeg: number;
  /** The line goes from land into the water here. */
  readonly entering: boolean;
  readonly edge: BankEdge;
}

type Ring = [number, number][];

/** Polygon steps for round footprints; circumscribed, so the polygon contains the true shape. */
const ROUND_STEPS = 32;

function roundRing(cx: number, cy: number, r: number): Ring {
  const R = r / Math.cos(Math.PI / ROUND_STEPS);
  const out: Ring = [];
  for (let k = 0; k < ROUND_STEPS; k++) {
    const a = (2 * Math.PI * k) / ROUND_STEPS;
    out.push([cx + R * Math.cos(a), cy + R * Math.sin(a)]);
  }
  out.push(out[0]!);
  return out;
}

function toRing(a: Float64Array): Ring {
  const out: Ring = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([a[i]!, a[i + 1]!]);
  return out;
}

/** Polygons ([outer, …holes]) covering a footprint. */
function polygonsOf(f: CompiledFootprint): Ring[][] {
  if (f.kind === 'polygon') return [f.rings.map(toRing)];
  if (f.kind === 'circle') return [[roundRing(f.cx, f.cy, f.r)]];
  const p = f.pts, out: Ring[][] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([roundRing(p[i]!, p[i + 1]!, f.hw)]);
  for (let i = 0; i + 3 < p.length; i += 2) {
    const x0 = p[i]!, y0 = p[i + 1]!, x1 = p[i + 2]!, y1 = p[i + 3]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) continue;
    const nx = (-(y1 - y0) / len) * f.hw, ny = ((x1 - x0) / len) * f.hw;
    out.push([[[x0 - nx, y0 - ny], [x1 - nx, y1 - ny], [x1 + nx, y1 + ny], [x0 + nx, y0 + ny], [x0 - nx, y0 - ny]]]);
  }
  return out;
}

function signedArea(r: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  return s / 2;
}

/**
 * The water body of a waterway zone's volumes (their union).
 * @example
 * const body = buildWaterBody('HHW01', volumesOfZone(index, zone));
 * body.rings.length; // → 1 for one river without islands
 */
export function buildWaterBody(zoneId: string, vols: readonly CompiledVolume[]): WaterBody {
  const polys = vols.flatMap((v) => polygonsOf(v.foot)).filter((p) => p[0] && p[0].length >= 4);
  const merged = polys.length === 0 ? [] : union(polys[0] as Geom, ...(polys.slice(1) as Geom[]));
  const rings: Float64Array[] = [];
  const cum: Float64Array[] = [];
  const edges: BankEdge[] = [];
  for (const poly of merged) {
    poly.forEach((ring, k) => {
      // water on the left: outer rings counter-clockwise, holes (islands) clockwise
      const r = (k === 0) === (signedArea(ring) > 0) ? ring : [...ring].reverse();
      const flat = new Float64Array(r.length * 2);
      const c = new Float64Array(r.length);
      r.forEach(([x, y], i) => {
        flat[2 * i] = x; flat[2 * i + 1] = y;
        if (i > 0) c[i] = c[i - 1]! + Math.hypot(x - r[i - 1]![0], y - r[i - 1]![1]);
      });
      const ri = rings.length;
      rings.push(flat); cum.push(c);
      for (let i = 0; i + 1 < r.length; i++) {
        const [x0, y0] = r[i]!, [x1, y1] = r[i + 1]!;
        edges.push({ minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1), ring: ri, i });
      }
    });
  }
  const tree = new RBush<BankEdge>();
  tree.load(edges);
  return { zoneId, rings, cum, edges: tree };
}

/**
 * Where the line P + t·D (t in [tMin, tMax]) meets the banks, sorted by t. D need not be a unit
 * vector; angles are independent of its length.
 */
export function bankHits(body: WaterBody, px: number, py: number, dx: number, dy: number, tMin: number, tMax: number): BankHit[] {
  const x0 = px + dx * tMin, y0 = py + dy * tMin, x1 = px + dx * tMax, y1 = py + dy * tMax;
  const dl = Math.hypot(dx, dy);
  const out: BankHit[] = [];
  if (dl === 0) return out;
  for (const e of body.edges.search({ minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) })) {
    const r = body.rings[e.ring]!;
    const ex0 = r[2 * e.i]!, ey0 = r[2 * e.i + 1]!, ux = r[2 * e.i + 2]! - ex0, uy = r[2 * e.i + 3]! - ey0;
    const den = dx * uy - dy * ux;
    if (den === 0) continue; // parallel: touching along a bank is not a crossing of it
    const wx = ex0 - px, wy = ey0 - py;
    const t = (wx * uy - wy * ux) / den;
    const s = (wx * dy - wy * dx) / den;
    if (t < tMin || t > tMax || s < 0 || s > 1) continue;
    const el = Math.hypot(ux, uy);
    const sin = Math.min(1, Math.abs(den) / (dl * el));
    // entering the water: D points to the edge's left (its water side), U × D > 0, i.e. den < 0
    out.push({ t, angleDeg: (Math.asin(sin) * 180) / Math.PI, entering: den < 0, edge: e });
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}

/** How far a passage's end may lie from the bank it was cut at, metres (round footprints are polygons here). */
const BANK_TOLERANCE_M = 5;

/**
 * The crossing angle of the part [t0, t1] of segment A→B that lies in the water body, degrees:
 * the smallest angle at which it meets a bank at its two ends. 0 when one end lies inside the
 * water (the leg turns, climbs or starts over the river: not one straight leg across), undefined
 * for a part without horizontal extent (a vertical climb).
 * @example
 * passageCrossingAngleDeg(body, 0, -600, 0, 600, 0.1, 0.9); // → 90 for a river along the x axis
 */
export function passageCrossingAngleDeg(body: WaterBody, ax: number, ay: number, bx: number, by: number, t0: number, t1: number): number | undefined {
  const len = Math.hypot(bx - ax, by - ay);
  if (len * (t1 - t0) < 0.5) return undefined;
  const tol = BANK_TOLERANCE_M / len;
  const hits = bankHits(body, ax, ay, bx - ax, by - ay, Math.max(0, t0 - tol), Math.min(1, t1 + tol));
  const near = (t: number): BankHit | undefined => {
    let best: BankHit | undefined;
    for (const h of hits) if (Math.abs(h.t - t) <= tol && (!best || Math.abs(h.t - t) < Math.abs(best.t - t))) best = h;
    return best;
  };
  const a = near(t0), b = near(t1);
  if (!a || !b) return 0;
  return Math.min(a.angleDeg, b.angleDeg);
}

const bodies = new WeakMap<readonly CompiledVolume[], WaterBody>();

/**
 * The water body of a zone's compiled volumes, built once per volume list (an index's lists never
 * change).
 */
export function waterBodyOf(zoneId: string, vols: readonly CompiledVolume[]): WaterBody {
  let b = bodies.get(vols);
  if (!b) { b = buildWaterBody(zoneId, vols); bodies.set(vols, b); }
  return b;
}
