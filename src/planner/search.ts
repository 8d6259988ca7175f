/**
 * Exact shortest path among inflated obstacles: a visibility graph over the circumscribed corner
 * nodes (see corner-nodes.ts), searched with A* (Euclidean heuristic) whose edges are checked
 * only when it would improve its end node's cost, and restricted to bitangent edges. Only obstacles and nodes inside the ellipse
 * {p : |sp| + |pg| ≤ L} take part; a path of length ≤ L found there is optimal among all obstacles,
 * because every path of length ≤ L lies inside that ellipse. L grows until a path is found; only a
 * search at the full range (maxLengthM) can prove that there is none.
 */
import { BUCKET_NX, BUCKET_NY, BUCKET_W, BUCKETS, buildGraph, CornerCache, lowerBound, tangentAt, type Graph } from './search-graph.js';
import { MinHeap } from './min-heap.js';
import { ShapeGrid } from './shape-grid.js';
import type { Shape } from './shapes.js';

/** A special straight edge between two free nodes (a federal-waterway crossing). */
export interface SpecialEdge {
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
}

/** An axis-aligned box in local metres. */
export interface SearchBox { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number }

export interface SearchInput {
  readonly sx: number;
  readonly sy: number;
  readonly gx: number;
  readonly gy: number;
  /** The obstacles: a list, or a provider asked once per round for those meeting the round's box. */
  readonly shapes: readonly Shape[] | ((box: SearchBox) => readonly Shape[]);
  /** Special edges: a list, or a provider asked once per round (return the same objects each time). */
  readonly special: readonly SpecialEdge[] | ((box: SearchBox) => readonly SpecialEdge[]);
  /** Whether a special edge may be flown (a cheap test); asked only when the search wants the edge. */
  readonly specialValid?: (e: SpecialEdge) => boolean;
  /**
   * A costly confirmation of a special edge (e.g. the rules engine), asked only for the special
   * edges of a path that reached the goal; when one fails the round is searched again without it
   * (after MAX_RETRIES failures every special edge is confirmed when first used instead).
   * Memoise it across rounds.
   */
  readonly specialConfirm?: (e: SpecialEdge) => boolean;
  /** Longest path worth finding (e.g. the vehicle's range), metres. */
  readonly maxLengthM: number;
  /** Budget of candidate-edge evaluations before giving up (SEARCH_LIMIT). */
  readonly budget?: number;
}

export type SearchResult =
  | { readonly kind: 'found'; readonly xs: number[]; readonly ys: number[]; /** Per path edge: the special edge flown there, if any. */
      readonly special: (SpecialEdge | undefined)[]; readonly lengthM: number; readonly stats: SearchStats }
  | { readonly kind: 'none'; readonly searchedToM: number; readonly stats: SearchStats }
  | { readonly kind: 'limit'; readonly stats: SearchStats };

export interface SearchStats {
  nodes: number;
  shapes: number;
  expansions: number;
  edgeChecks: number;
  rounds: number;
}

const DEFAULT_BUDGET = 40_000_000;
/** Work budget of the reverse (destination-side) exhaustion attempt in the last round. */
const REVERSE_BUDGET = 3_000_000;

type Round = { kind: 'found'; nodes: number[]; specials: (number | undefined)[]; length: number } | { kind: 'none'; bounded: boolean; minPrunedF: number } | { kind: 'limit' } | { kind: 'retry' };

/** Re-searches of a round after a path's special edge failed its confirmation, before confirming eagerly. */
const MAX_RETRIES = 3;

/** What a round knows about its special edges (indices into the round's list), shared by its searches. */
class SpecialCheck {
  private readonly valid = new Map<number, boolean>();
  private readonly confirmed = new Map<number, boolean>();
  failures = 0;
  constructor(private readonly inp: SearchInput, private readonly special: readonly SpecialEdge[]) {}

  get eager(): boolean { return this.failures >= MAX_RETRIES; }

  /** The cheap test (memoised). */
  clear(sp: number): boolean {
    let ok = this.valid.get(sp);
    if (ok === undefined) { ok = this.inp.specialValid ? this.inp.specialValid(this.special[sp]!) : true; this.valid.set(sp, ok); }
    return ok;
  }

  /** Usable as far as known: cheap test passed, no failed confirmation (and confirmed, once eager). */
  ok(sp: number): boolean {
    if (!this.clear(sp) || this.confirmed.get(sp) === false) return false;
    return !this.eager || this.confirm(sp);
  }

  confirm(sp: number): boolean {
    let c = this.confirmed.get(sp);
    if (c === undefined) { c = this.inp.specialConfirm ? this.inp.specialConfirm(this.special[sp]!) : true; this.confirmed.set(sp, c); }
    if (!c) this.failures++;
    return c;
  }
}

function astar(g: Graph, check: SpecialCheck, grid: ShapeGrid, L: number, stats: SearchStats, budget: number): Round {
  const n = g.xs.length;
  const gx = g.xs[1]!, gy = g.ys[1]!;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) { const dx = g.xs[i]! - gx, dy = g.ys[i]! - gy; h[i] = Math.sqrt(dx * dx + dy * dy); }
  const gs = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const viaSpec = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  const heap = new MinHeap();
  let bounded = false;
  let minPrunedF = Infinity;
  const prune = (f: number): void => { bounded = true; if (f < minPrunedF) minPrunedF = f; };
  let lastBlocker: Shape | undefined;
  const edgeFree = (u: number, v: number, sp: number): boolean => {
    stats.edgeChecks++;
    if (sp >= 0) {
      return check.ok(sp);
    }
    const ax = g.xs[u]!, ay = g.ys[u]!, bx = g.xs[v]!, by = g.ys[v]!;
    // most blocked edges are blocked by the obstacle that blocked the previous one: ask it first
    const b = grid.firstBlocking(ax, ay, bx, by, lastBlocker);
    if (b) lastBlocker = b;
    return b === undefined;
  };
  const relaxPartner = (v: number, p: number, gv: number): void => {
    if (closed[p]) return;
    const ng = gv + Math.hypot(g.xs[p]! - g.xs[v]!, g.ys[p]! - g.ys[v]!);
    if (ng + h[p]! > L) prune(ng + h[p]!);
    else if (ng < gs[p]! - 1e-9) { gs[p] = ng; parent[p] = v; viaSpec[p] = g.spec[v]!; heap.push(ng + h[p]!, p); } // confirmed when p is settled
  };
  const X = g.xs, Y = g.ys, PX = g.px, PY = g.py, QX = g.qx, QY = g.qy;
  // the sine bound of the offset window, with room for the tangent test's tolerance
  const offsetSlope = Math.sin(Math.min(Math.PI / 2, g.maxHalfW + BUCKET_W / 2)) + 1e-6;
  /** Relaxes the bitangent edges from v to the nodes lo … hi − 1; returns the work done. */
  const scan = (v: number, lo: number, hi: number): number => {
    const vx = X[v]!, vy = Y[v]!, gv = gs[v]!;
    const vpx = PX[v]! - vx, vpy = PY[v]! - vy, vqx = QX[v]! - vx, vqy = QY[v]! - vy;
    const vFree = Number.isNaN(vpx);
    for (let w = lo; w < hi; w++) {
      if (closed[w]) continue;
      const dx = X[w]! - vx, dy = Y[w]! - vy;
      const eps = 1e-9 * (Math.abs(dx) + Math.abs(dy));
      if (!vFree) { // tangentAt(v, d), inlined: this loop is the hot spot
        const c1 = dx * vpy - dy * vpx, c2 = dx * vqy - dy * vqx;
        if ((c1 > eps && c2 < -eps) || (c1 < -eps && c2 > eps)) continue;
      }
      const wpx = PX[w]!;
      if (wpx === wpx) { // not NaN: tangentAt(w, −d)
        const wx = X[w]!, wy = Y[w]!;
        const c1 = dx * (PY[w]! - wy) - dy * (wpx - wx), c2 = dx * (QY[w]! - wy) - dy * (QX[w]! - wx);
        if ((c1 > eps && c2 < -eps) || (c1 < -eps && c2 > eps)) continue;
      }
      const ng = gv + Math.sqrt(dx * dx + dy * dy);
      if (ng >= gs[w]! - 1e-9) continue;
      const f = ng + h[w]!;
      if (f > L) { prune(f); continue; }
      if (!edgeFree(v, w, -1)) continue;
      gs[w] = ng; parent[w] = v; viaSpec[w] = -1;
      heap.push(f, w);
    }
    return hi - lo;
  };
  const settled: number[] = [];
  gs[0] = 0;
  heap.push(h[0]!, 0);
  let work = 0;
  while (heap.size > 0) {
    const v = heap.pop(), f = heap.lastKey;
    if (closed[v] || Math.abs(f - (gs[v]! + h[v]!)) > 1e-7) continue; // stale entry
    if (f > L) { prune(f); break; }
    if (viaSpec[v]! >= 0 && !edgeFree(parent[v]!, v, viaSpec[v]!)) {
      // a crossing is checked only now; when it fails, the best parent among the settled nodes
      // takes its place
      gs[v] = Infinity; parent[v] = -1; viaSpec[v] = -1;
      const vx = g.xs[v]!, vy = g.ys[v]!;
      const cand: Array<[number, number, number]> = [];
      for (const u of settled) {
        const dx = vx - g.xs[u]!, dy = vy - g.ys[u]!;
        const cost = gs[u]! + Math.sqrt(dx * dx + dy * dy);
        if (g.partner[u] === v) cand.push([cost, u, g.spec[u]!]);
        else if (tangentAt(g, u, dx, dy) && tangentAt(g, v, -dx, -dy)) cand.push([cost, u, -1]);
      }
      cand.sort((a, b) => a[0] - b[0]);
      for (const [cost, u, sp] of cand) {
        if (cost + h[v]! > L) { prune(cost + h[v]!); break; }
        if (edgeFree(u, v, sp)) { gs[v] = cost; parent[v] = u; viaSpec[v] = sp; heap.push(cost + h[v]!, v); break; }
      }
      continue;
    }
    closed[v] = 1;
    settled.push(v);
    stats.expansions++;
    if (v === 1) {
      const nodes: number[] = [], specials: (number | undefined)[] = [];
      for (let u = 1; u !== -1; u = parent[u]!) { nodes.push(u); specials.push(viaSpec[u]! >= 0 ? viaSpec[u]! : undefined); }
      nodes.reverse(); specials.reverse();
      // confirm the path's special edges now (the costly test, for these few only)
      if (!check.eager && specials.some((sp) => sp !== undefined && !check.confirm(sp))) return { kind: 'retry' };
      return { kind: 'found', nodes, specials: specials.slice(1), length: gs[1]! };
    }
    // A path never turns at a free point: a crossing bank reached over land only goes on across,
    // one reached across the water goes on over land but never back.
    const p = g.partner[v]!;
    if (p >= 0 && viaSpec[v]! < 0) {
      relaxPartner(v, p, gs[v]!);
      continue;
    }
    // free nodes, then the buckets of corner nodes whose supporting direction can match one of v's
    work += scan(v, 1, g.firstCorner);
    const span = Number.isNaN(g.px[v]!) ? Math.PI : g.halfW[v]! + g.maxHalfW;
    const k0 = Math.floor((g.theta[v]! - span) / BUCKET_W), k1 = Math.floor((g.theta[v]! + span) / BUCKET_W);
    // Only w with |vw| + |wg| ≤ L − g(v) can stay within the bound: the ellipse E' with foci v and
    // the goal. So |vw| ≤ its semi-major axis a, and w's offset across a bucket lies within E''s
    // extent along the bucket's normal (support function; the straight-line h is |vg|).
    const vx = X[v]!, vy = Y[v]!, hv = h[v]!;
    const a = Math.max(0, (L - gs[v]! + hv) / 2);
    const across = offsetSlope * a + 1e-3;
    const b2 = Math.max(0, a * a - (hv * hv) / 4);
    const ux = hv > 0 ? (gx - vx) / hv : 0, uy = hv > 0 ? (gy - vy) / hv : 0;
    const mx = (vx + gx) / 2, my = (vy + gy) / 2;
    for (let k = k1 - k0 + 1 >= BUCKETS ? 0 : k0, kEnd = k1 - k0 + 1 >= BUCKETS ? BUCKETS - 1 : k1; k <= kEnd; k++) {
      const kk = ((k % BUCKETS) + BUCKETS) % BUCKETS;
      const b0 = g.bucketStart[kk]!, b1 = g.bucketStart[kk + 1]!;
      if (b0 === b1) continue;
      const nx = BUCKET_NX[kk]!, ny = BUCKET_NY[kk]!;
      const ov = nx * vx + ny * vy;
      const nu = nx * ux + ny * uy, om = nx * mx + ny * my;
      const ext = Math.sqrt(a * a * nu * nu + b2 * (1 - nu * nu)) + 1e-3;
      const lo = lowerBound(g.off, b0, b1, Math.max(ov - across, om - ext));
      const hi = lowerBound(g.off, lo, b1, Math.min(ov + across, om + ext));
      work += scan(v, lo, hi);
    }
    if (work > budget) return { kind: 'limit' };
  }
  return { kind: 'none', bounded, minPrunedF };
}

/** Bounding box of the ellipse {p : |sp| + |pg| ≤ L}. */
function ellipseBox(inp: SearchInput, L: number): SearchBox {
  const D = Math.hypot(inp.gx - inp.sx, inp.gy - inp.sy);
  const a = L / 2, b = Math.sqrt(Math.max(0, a * a - (D * D) / 4));
  const c = D > 0 ? (inp.gx - inp.sx) / D : 1, s = D > 0 ? (inp.gy - inp.sy) / D : 0;
  const hx = Math.sqrt(a * a * c * c + b * b * s * s) + 1, hy = Math.sqrt(a * a * s * s + b * b * c * c) + 1;
  const mx = (inp.sx + inp.gx) / 2, my = (inp.sy + inp.gy) / 2;
  return { minX: mx - hx, minY: my - hy, maxX: mx + hx, maxY: my + hy };
}

/** Growth of the search ellipse's area from one round to the next (see grownL). */
const AREA_GROWTH = 2.5;

/**
 * The next round's L: the ellipse {p : |sp| + |pg| ≤ L} (foci D apart, area ∝ L·√(L² − D²)) grows
 * in area, so in work, by AREA_GROWTH. Growing L by a constant factor instead (× 1.5 before) makes
 * the rounds near the straight line grow 4–10× at once and the found round overshoot.
 */
function grownL(L: number, D: number): number {
  const t = AREA_GROWTH * L * Math.sqrt(Math.max(0, L * L - D * D)); // L'·√(L'² − D²) = t
  return Math.max(L, Math.sqrt((D * D + Math.sqrt(D ** 4 + 4 * t * t)) / 2));
}

/**
 * Shortest obstacle-free polyline from start to goal (local metres), with special edges.
 * @example
 * const r = shortestPath({ sx: -500, sy: 0, gx: 500, gy: 0, shapes: [makeShape({ kind: 'disc', cx: 0, cy: 0 }, 100, 'Z', 0)], special: [], maxLengthM: 5000 });
 * r.kind === 'found' && Math.round(r.lengthM); // → ≈1 029
 */
export function shortestPath(inp: SearchInput): SearchResult {
  const stats: SearchStats = { nodes: 0, shapes: 0, expansions: 0, edgeChecks: 0, rounds: 0 };
  const D = Math.hypot(inp.gx - inp.sx, inp.gy - inp.sy);
  let L = Math.min(inp.maxLengthM, D * 1.1 + 200);
  const budget = inp.budget ?? DEFAULT_BUDGET;
  const reversed: SearchInput = { ...inp, sx: inp.gx, sy: inp.gy, gx: inp.sx, gy: inp.sy };
  const corners = new CornerCache();
  for (;;) {
    stats.rounds++;
    const box = ellipseBox(inp, L);
    const all = typeof inp.shapes === 'function' ? inp.shapes(box) : inp.shapes;
    const special = typeof inp.special === 'function' ? inp.special(box) : inp.special;
    const sub = all.filter((s) => Math.hypot(s.bx - inp.sx, s.by - inp.sy) + Math.hypot(s.bx - inp.gx, s.by - inp.gy) - 2 * s.br <= L);
    const grid = new ShapeGrid(sub);
    const final = L >= inp.maxLengthM;
    if (final) {
      // Last round: exhausting either side proves there is no route within range. A walled-in
      // destination is cheap to exhaust from its side, so try that first on a small budget.
      const rcheck = new SpecialCheck(reversed, special);
      const gr = buildGraph(reversed, special, rcheck, grid, corners, L).g;
      let rr: Round;
      do rr = astar(gr, rcheck, grid, L, stats, Math.min(budget, REVERSE_BUDGET)); while (rr.kind === 'retry');
      if (rr.kind === 'none') return { kind: 'none', searchedToM: L, stats };
      if (rr.kind === 'found') {
        const nodes = [...rr.nodes].reverse();
        return { kind: 'found', xs: nodes.map((i) => gr.xs[i]!), ys: nodes.map((i) => gr.ys[i]!), special: [...rr.specials].reverse().map((i) => (i === undefined ? undefined : special[i])), lengthM: rr.length, stats };
      }
    }
    const check = new SpecialCheck(inp, special);
    const { g } = buildGraph(inp, special, check, grid, corners, L);
    stats.nodes = g.xs.length;
    stats.shapes = sub.length;
    let r: Round;
    do r = astar(g, check, grid, L, stats, budget); while (r.kind === 'retry');
    if (r.kind === 'limit') return { kind: 'limit', stats };
    if (r.kind === 'found') {
      return {
        kind: 'found', xs: r.nodes.map((i) => g.xs[i]!), ys: r.nodes.map((i) => g.ys[i]!), special: r.specials.map((i) => (i === undefined ? undefined : special[i])), lengthM: r.length, stats,
      };
    }
    if (final) return { kind: 'none', searchedToM: L, stats };
    // Not conclusive below the range: turning points outside the ellipse were never generated, so
    // "exhausted without pruning" does not prove that nothing leaves it. The optimum is at least
    // the smallest f the bound cut off (consistent heuristic).
    L = Math.min(inp.maxLengthM, r.bounded ? Math.max(grownL(L, D), r.minPrunedF * 1.05) : inp.maxLengthM);
  }
}
