/**
 * Federal-waterway crossings (LuftVO §21h(3) Nr. 5 d) from the published geometry alone: the
 * zone's water body (airspace/query/water-body.ts — the union of its footprints, whatever their
 * shape) has bank rings; a crossing starts at a bank point, runs into the water along the bank's
 * inward normal tilted by up to the rule's 20°, and ends where it leaves the water — at the first
 * exit, or, over an island or between branches, at the second or third — provided it meets every
 * bank on its way within the tolerance of perpendicular (the rules engine's own test). Its end
 * points lie just outside the water (margin + 1 m from the bank, perpendicular distance).
 * The search uses a candidate set — every CROSSING_SPACING_M along each bank, perpendicular and
 * ±CROSSING_TILT_DEG — as special edges flown at the crossing height; refine-crossings.ts then
 * moves the chosen crossing continuously along its bank and in tilt (within ±CROSSING_MAX_TILT_DEG).
 */
import { bankHits, type BankEdge, type WaterBody } from '../airspace/query/water-body.js';
import { WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG } from '../airspace/rules/category-rules.js';
import { CROSSING_SPACING_M } from './defaults.js';

/** Tilt of the oblique crossing candidates, degrees (2° inside the rule's tolerance). */
export const CROSSING_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 2;
/** Largest tilt the refinement may choose, and the largest deviation at any other bank, degrees (1° inside the rule). */
export const CROSSING_MAX_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 1;
/** Longest crossing considered, metres (an estuary; rivers are far narrower). */
export const MAX_CROSSING_M = 10_000;
/** Banks a crossing may pass beyond its first exit (islands, parallel branches). */
const MAX_EXTRA_EXITS = 2;

export interface CrossingCandidate {
  readonly zoneId: string;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  /** The water body crossed, the bank ring and arc length the crossing starts at, its tilt (rad) and which exit it ends at. */
  readonly body: WaterBody;
  readonly ring: number;
  readonly alongM: number;
  readonly tiltRad: number;
  readonly exit: number;
}

const MIN_ANGLE_DEG = 90 - CROSSING_MAX_TILT_DEG;

/**
 * The crossings starting on bank ring `ring` at arc length `alongM` (taken modulo the ring's
 * length), tilted by `tiltRad` from the inward normal: one per admissible exit (index = exit).
 * Empty where the ray meets a bank too obliquely or finds no way out.
 * @example
 * crossingsAt(body, 0, 1250, 0, 20)[0]?.bx; // → the far bank point, metres east
 */
export function crossingsAt(body: WaterBody, ring: number, alongM: number, tiltRad: number, marginM: number): CrossingCandidate[] {
  const r = body.rings[ring], cum = body.cum[ring];
  if (!r || !cum || Math.abs(tiltRad) > (CROSSING_MAX_TILT_DEG * Math.PI) / 180 + 1e-12) return [];
  const total = cum[cum.length - 1]!;
  if (!(total > 0) || !Number.isFinite(alongM)) return [];
  const s = ((alongM % total) + total) % total;
  // the edge holding s (binary search on the arc lengths)
  let lo = 0, hi = cum.length - 1;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (cum[m]! <= s) lo = m; else hi = m; }
  const x0 = r[2 * lo]!, y0 = r[2 * lo + 1]!, len = cum[lo + 1]! - cum[lo]!;
  if (!(len > 0)) return [];
  const ux = (r[2 * lo + 2]! - x0) / len, uy = (r[2 * lo + 3]! - y0) / len;
  const px = x0 + ux * (s - cum[lo]!), py = y0 + uy * (s - cum[lo]!);
  // the inward normal (-uy, ux) rotated by the tilt
  const c = Math.cos(tiltRad), sn = Math.sin(tiltRad);
  const dx = -uy * c - ux * sn, dy = ux * c - uy * sn;
  const back = (marginM + 1) / c;
  const ax = px - dx * back, ay = py - dy * back;
  const out: CrossingCandidate[] = [];
  let exits = 0;
  for (const h of bankHits(body, px, py, dx, dy, 1e-3, MAX_CROSSING_M)) {
    if (h.angleDeg < MIN_ANGLE_DEG) break; // every bank on the way must be met near-perpendicular
    if (h.entering) continue;
    const fwd = h.t + (marginM + 1) / Math.sin((h.angleDeg * Math.PI) / 180);
    out.push({ zoneId: body.zoneId, ax, ay, bx: px + dx * fwd, by: py + dy * fwd, body, ring, alongM: s, tiltRad, exit: exits });
    if (++exits > MAX_EXTRA_EXITS) break;
  }
  return out;
}

/**
 * Crossing candidates starting on the bank edges that meet a box: every CROSSING_SPACING_M along
 * each edge, perpendicular and ±CROSSING_TILT_DEG, one per admissible exit. `seen` keeps the
 * edges already done (a plan asks box after growing box).
 * @example
 * crossingCandidates(body, { minX: -5000, minY: -5000, maxX: 5000, maxY: 5000 }, 20, new Set()).length; // → hundreds
 */
export function crossingCandidates(body: WaterBody, box: { minX: number; minY: number; maxX: number; maxY: number }, marginM: number, seen: Set<BankEdge>): CrossingCandidate[] {
  const out: CrossingCandidate[] = [];
  for (const e of body.edges.search(box)) {
    if (seen.has(e)) continue;
    seen.add(e);
    for (const k of edgeCandidates(body, e, marginM)) out.push(k);
  }
  return out;
}

/** Per body (built once per index volume list) and margin: each bank edge's candidates. */
const byEdge = new WeakMap<WaterBody, Map<number, Map<BankEdge, readonly CrossingCandidate[]>>>();

/**
 * One bank edge's candidates, in order, computed once per body, margin and edge: they depend on
 * nothing else, and every plan over the same index asks the edges near its route again (the
 * candidates are read-only; the search's memos are per plan).
 */
function edgeCandidates(body: WaterBody, e: BankEdge, marginM: number): readonly CrossingCandidate[] {
  let perMargin = byEdge.get(body);
  if (!perMargin) { perMargin = new Map(); byEdge.set(body, perMargin); }
  let cache = perMargin.get(marginM);
  if (!cache) { cache = new Map(); perMargin.set(marginM, cache); }
  let out = cache.get(e);
  if (out) return out;
  const list: CrossingCandidate[] = [];
  const cum = body.cum[e.ring]!;
  const a = cum[e.i]!, len = cum[e.i + 1]! - a;
  if (len > 0) {
    const tilt = (CROSSING_TILT_DEG * Math.PI) / 180;
    const k = Math.max(1, Math.floor(len / CROSSING_SPACING_M));
    for (let j = 0; j < k; j++) {
      for (const t of [0, tilt, -tilt]) list.push(...crossingsAt(body, e.ring, a + ((j + 0.5) / k) * len, t, marginM));
    }
  }
  out = list;
  cache.set(e, out);
  return out;
}
