/**
 * Per-leg cruise heights. When only a raised cruise finds a route (the nature-reserve fallback,
 * Nr. 6: > 100 m), the route flies at the preferred height wherever that is legal and climbs only
 * over the stretches that need the raised height: each raised edge is split where it enters and
 * leaves the obstacles of the preferred height (found by sampling every SAMPLE_M, then bisection
 * to 0.1 m), with a vertical climb before and a descent after each raised stretch. A stretch
 * shorter than a climb and descent is worth is not lowered. Crossing edges keep their height.
 */

export interface HeightTests {
  /** The point lies outside every obstacle at the preferred height. */
  pointFree(x: number, y: number): boolean;
  /** The leg A→B at the preferred height touches no obstacle. */
  landFree(ax: number, ay: number, bx: number, by: number): boolean;
}

export interface HeightPath {
  readonly xs: number[];
  readonly ys: number[];
  /** Height of edge i (node i → i + 1), metres AGL. */
  readonly heights: number[];
  /** Edges that must keep their height (waterway crossings). */
  readonly fixed: boolean[];
}

const SAMPLE_M = 5;
/** Points this close (m) to a blocked sample still count as blocked: the split points keep off the obstacle. */
const BISECT_M = 0.1;

/** Parameter intervals of A→B (in [0, 1]) that are blocked at the preferred height, merged. */
function blockedIntervals(ax: number, ay: number, bx: number, by: number, t: HeightTests): Array<[number, number]> {
  const len = Math.hypot(bx - ax, by - ay);
  const n = Math.max(2, Math.ceil(len / SAMPLE_M) + 1);
  const free = (u: number): boolean => t.pointFree(ax + (bx - ax) * u, ay + (by - ay) * u);
  const edge = (lo: number, hi: number, loFree: boolean): number => {
    // the boundary between lo and hi, returned on its free side
    while ((hi - lo) * len > BISECT_M) {
      const mid = (lo + hi) / 2;
      if (free(mid) === loFree) lo = mid; else hi = mid;
    }
    return loFree ? lo : hi;
  };
  const out: Array<[number, number]> = [];
  let prevU = 0, prevFree = free(0), start = prevFree ? -1 : 0;
  for (let i = 1; i < n; i++) {
    const u = i / (n - 1), f = free(u);
    if (f !== prevFree) {
      const b = edge(prevU, u, prevFree);
      if (!f) start = b; else { out.push([start, b]); start = -1; }
    }
    prevU = u; prevFree = f;
  }
  if (start >= 0) out.push([start, 1]);
  return out;
}

/**
 * Lowers a path's edges to `baseAglM` wherever that is legal, splitting raised edges at the
 * obstacles of the base height; returns a new path (the input is not changed). `minRaisedGapM`:
 * a base stretch between two raised ones shorter than this stays raised (a climb and descent
 * would cost more than they save).
 * @example
 * lowerLegs({ xs: [0, 3000], ys: [0, 0], heights: [110], fixed: [false] }, 60, tests, 300);
 * // → xs [0, 1180, 1820, 3000], heights [60, 110, 60] for a reserve from 1 200 to 1 800 m
 */
export function lowerLegs(path: HeightPath, baseAglM: number, t: HeightTests, minRaisedGapM: number): HeightPath {
  const xs: number[] = [path.xs[0]!], ys: number[] = [path.ys[0]!], heights: number[] = [], fixed: boolean[] = [];
  const push = (x: number, y: number, h: number, f: boolean): void => {
    // merge with the previous edge when the height is the same and nothing is fixed
    if (heights.length > 0 && !f && !fixed[fixed.length - 1] && heights[heights.length - 1] === h) {
      const i = xs.length - 1;
      const [px, py] = [xs[i - 1]!, ys[i - 1]!];
      // keep a turning point: only a split point straight ahead on the same line is merged away
      const ux = xs[i]! - px, uy = ys[i]! - py, wx = x - xs[i]!, wy = y - ys[i]!;
      if (ux * wx + uy * wy > 0 && Math.abs(ux * wy - uy * wx) <= 1e-9 * Math.hypot(ux, uy) * Math.hypot(wx, wy)) { xs[i] = x; ys[i] = y; return; }
    }
    xs.push(x); ys.push(y); heights.push(h); fixed.push(f);
  };
  for (let i = 0; i < path.heights.length; i++) {
    const ax = path.xs[i]!, ay = path.ys[i]!, bx = path.xs[i + 1]!, by = path.ys[i + 1]!, h = path.heights[i]!;
    if (path.fixed[i] || h <= baseAglM) { push(bx, by, h, path.fixed[i]!); continue; }
    if (t.landFree(ax, ay, bx, by)) { push(bx, by, baseAglM, false); continue; }
    const len = Math.hypot(bx - ax, by - ay);
    // raised stretches; close short base gaps between them; the ends stay raised if the node is blocked
    const raised: Array<[number, number]> = [];
    for (const iv of blockedIntervals(ax, ay, bx, by, t)) {
      const last = raised[raised.length - 1];
      if (last && (iv[0] - last[1]) * len < minRaisedGapM) last[1] = iv[1];
      else raised.push([iv[0], iv[1]]);
    }
    if (raised.length > 0 && raised[0]![0] * len < minRaisedGapM) raised[0]![0] = 0;
    if (raised.length > 0 && (1 - raised[raised.length - 1]![1]) * len < minRaisedGapM) raised[raised.length - 1]![1] = 1;
    let u = 0;
    const at = (v: number): [number, number] => (v >= 1 ? [bx, by] : v <= 0 ? [ax, ay] : [ax + (bx - ax) * v, ay + (by - ay) * v]);
    for (const [r0, r1] of raised) {
      if (r0 > u) {
        const [x0, y0] = at(u), [x1, y1] = at(r0);
        // a base stretch the sampling calls free must really be free; otherwise it stays raised
        if (t.landFree(x0, y0, x1, y1)) push(x1, y1, baseAglM, false); else push(x1, y1, h, false);
      }
      const [x2, y2] = at(r1);
      push(x2, y2, h, false);
      u = r1;
    }
    if (u < 1) {
      const [x0, y0] = at(u);
      push(bx, by, t.landFree(x0, y0, bx, by) ? baseAglM : h, false);
    }
  }
  return { xs, ys, heights, fixed };
}
