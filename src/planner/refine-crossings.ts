/**
 * Exact-ish waterway crossings. The search picks a crossing from a candidate set (every 100 m,
 * perpendicular or ±18°); here each chosen crossing is moved continuously along the bank and in
 * tilt (within ±19°, the rule allows 20°) to shorten the path P → A ⇒ B → N between its fixed
 * neighbours P and N: a compass search over (distance along the bank, tilt), halving its
 * steps down to 0.25 m and 0.01°, accepting only moves whose banks are free, whose approach legs
 * are clear at the cruise height and whose crossing is clear at the crossing height. The rules
 * engine confirms the final crossing; if it refuses, the candidate from the search stays. Then
 * the path is pulled taut: a turning point whose neighbours see each other over land is dropped.
 */
import { CROSSING_MAX_TILT_DEG, crossingsAt, type CrossingCandidate } from './waterway-crossings.js';

export interface RefineTests {
  /** The straight leg A→B at the cruise height touches no obstacle. */
  landFree(ax: number, ay: number, bx: number, by: number): boolean;
  /** The point lies outside every obstacle at the cruise height. */
  pointFree(x: number, y: number): boolean;
  /** The crossing is clear at the crossing height (cheap, geometric). */
  crossingClear(k: CrossingCandidate): boolean;
  /** The rules engine accepts the crossing manoeuvre (costly: asked once per refined crossing). */
  crossingLegal(k: CrossingCandidate): boolean;
}

export interface RefinablePath {
  readonly xs: number[];
  readonly ys: number[];
  /** Per edge i (node i → i + 1): the crossing flown there, if any. */
  readonly special: (CrossingCandidate | undefined)[];
}

const MAX_TILT = (CROSSING_MAX_TILT_DEG * Math.PI) / 180;
const MIN_STEP_M = 0.25;
const MIN_STEP_RAD = (0.01 * Math.PI) / 180;

function refineOne(path: RefinablePath, j: number, t: RefineTests, marginM: number): void {
  const k0 = path.special[j]!;
  const px = path.xs[j - 1]!, py = path.ys[j - 1]!, nx = path.xs[j + 2]!, ny = path.ys[j + 2]!;
  // the path flies a→b when its node j is the candidate's a-bank
  const forward = Math.hypot(path.xs[j]! - k0.ax, path.ys[j]! - k0.ay) < Math.hypot(path.xs[j]! - k0.bx, path.ys[j]! - k0.by);
  const cost = (k: CrossingCandidate): number => {
    const [ax, ay, bx, by] = forward ? [k.ax, k.ay, k.bx, k.by] : [k.bx, k.by, k.ax, k.ay];
    return Math.hypot(ax - px, ay - py) + Math.hypot(bx - ax, by - ay) + Math.hypot(nx - bx, ny - by);
  };
  const feasible = (k: CrossingCandidate): boolean => {
    const [ax, ay, bx, by] = forward ? [k.ax, k.ay, k.bx, k.by] : [k.bx, k.by, k.ax, k.ay];
    return t.pointFree(ax, ay) && t.pointFree(bx, by) && t.landFree(px, py, ax, ay) && t.landFree(bx, by, nx, ny) && t.crossingClear(k);
  };
  let best = k0, bestCost = cost(k0);
  let dS = 50, dT = MAX_TILT / 2;
  for (let iter = 0; iter < 400 && (dS >= MIN_STEP_M || dT >= MIN_STEP_RAD); iter++) {
    let moved: CrossingCandidate | undefined, movedCost = bestCost - 1e-6;
    for (const [ds, dt] of [[dS, 0], [-dS, 0], [0, dT], [0, -dT], [dS, dT], [-dS, -dT], [dS, -dT], [-dS, dT]] as const) {
      const s = best.alongM + ds, tilt = best.tiltRad + dt;
      if (Math.abs(tilt) > MAX_TILT) continue;
      const k = crossingsAt(best.body, best.ring, s, tilt, marginM)[best.exit];
      if (!k) continue;
      const c = cost(k);
      if (c < movedCost && feasible(k)) { moved = k; movedCost = c; }
    }
    if (moved) { best = moved; bestCost = movedCost; } else { dS /= 2; dT /= 2; }
  }
  if (best === k0 || !t.crossingLegal(best)) return;
  const [ax, ay, bx, by] = forward ? [best.ax, best.ay, best.bx, best.by] : [best.bx, best.by, best.ax, best.ay];
  path.xs[j] = ax; path.ys[j] = ay; path.xs[j + 1] = bx; path.ys[j + 1] = by;
  path.special[j] = best;
}

/** Drops turning points whose neighbours see each other over land (never a crossing's bank). */
function pullTaut(path: RefinablePath, t: RefineTests): void {
  for (let i = 1; i + 1 < path.xs.length;) {
    const land = path.special[i - 1] === undefined && path.special[i] === undefined;
    if (land && t.landFree(path.xs[i - 1]!, path.ys[i - 1]!, path.xs[i + 1]!, path.ys[i + 1]!)) {
      path.xs.splice(i, 1); path.ys.splice(i, 1); path.special.splice(i, 1);
      if (i > 1) i--; // the previous point may now be removable too
    } else i++;
  }
}

/**
 * Refines every crossing of a found path in place (two passes: a moved crossing moves its
 * neighbour's best position), then pulls the path taut.
 * @example
 * refineCrossings(path, tests, 20);
 * path.special.filter(Boolean).map((k) => k!.tiltRad); // → the tilts chosen, |tilt| ≤ 19°
 */
export function refineCrossings(path: RefinablePath, tests: RefineTests, marginM: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 1; j + 2 < path.xs.length; j++) if (path.special[j]) refineOne(path, j, tests, marginM);
  }
  pullTaut(path, tests);
}
