/**
 * Which route samples a set of rally points covers, kept incrementally (rally.ts). PX4 returns to
 * the nearest of home and the rally points, so adding a point c changes only the samples strictly
 * nearer to c than to their current target (ties keep the earlier point, as a scan over
 * [home, ...points] does); every other sample keeps its target and its Return-line verdict.
 * "How many samples would stay uncovered with c" therefore needs Return-line checks only for those
 * samples, can stop as soon as it reaches a count that cannot win, and is remembered until the set
 * changes. The answers are exactly those of recomputing every sample's nearest target and line.
 * Pure.
 */
import { horizontalM } from './build-mission.js';
import type { RouteSample, UncoveredSample } from './rally.js';
import type { ReturnLineCheck } from './rally-lines.js';

export interface CoverageState {
  /** Chosen sample indices in the order added (home, sample 0, is implicit). */
  readonly chosen: readonly number[];
  has(c: number): boolean;
  /** Samples whose Return line to their target is blocked, ascending. */
  bad(): readonly number[];
  /** Horizontal distance from sample `si` to its current target. */
  targetDistM(si: number): number;
  /**
   * Uncovered samples if `c` were added — exact when below `limit`, else some value ≥ `limit`
   * (the caller only wants counts below it).
   */
  countWith(c: number, limit: number): number;
  add(c: number): void;
  uncovered(): UncoveredSample[];
}

/**
 * Horizontal distances (horizontalM) from sample i to every sample, computed once per i and kept
 * for the plan: choosing points asks them again and again (every candidate, every repair step).
 * horizontalM is symmetric to the bit, so row(i)[j] is also the distance from j to i.
 * @example
 * const rows = distanceRows(samples);
 * rows(12)[40] === horizontalM(samples[40], samples[12]); // → true
 */
export function distanceRows(samples: readonly RouteSample[]): (i: number) => Float64Array {
  const rows: Array<Float64Array | undefined> = [];
  return (i) => {
    let r = rows[i];
    if (!r) {
      r = rows[i] = new Float64Array(samples.length);
      const p = samples[i]!;
      for (let s = 0; s < samples.length; s++) r[s] = horizontalM(samples[s]!, p);
    }
    return r;
  };
}

/**
 * @example
 * const cov = coverageState(samples, returnLineChecker(samples, lineOptions));
 * cov.add(120); cov.bad(); // samples whose Return to home or sample 120 is blocked
 */
export function coverageState(samples: readonly RouteSample[], line: ReturnLineCheck, rows = distanceRows(samples)): CoverageState {
  const n = samples.length;
  const chosen: number[] = [];
  const chosenSet = new Set<number>();
  const target = new Int32Array(n);
  const dist = new Float64Array(n);
  const away = new Float64Array(n);
  // whether each sample's line to its target is blocked; the zones are listed only for the
  // samples reported uncovered at the end
  const isBad = new Uint8Array(n);
  const fromHome = rows(0);
  for (let s = 0; s < n; s++) {
    dist[s] = fromHome[s]!;
    isBad[s] = line.blocked(s, 0) ? 1 : 0;
  }
  let badList: number[] | undefined;
  // per candidate, while the set is unchanged: the exact count, or a lower bound
  let memo = new Map<number, { count: number; exact: boolean }>();

  const bad = (): readonly number[] => {
    if (!badList) {
      badList = [];
      for (let s = 0; s < n; s++) if (isBad[s]) badList.push(s);
    }
    return badList;
  };

  const countWith = (c: number, limit: number): number => {
    const m = memo.get(c);
    if (m && (m.exact || m.count >= limit)) return m.count;
    const row = rows(c);
    const captured: number[] = [];
    let count = 0;
    for (let s = 0; s < n; s++) {
      const d = row[s]!;
      if (d < dist[s]!) {
        captured.push(s);
        away[s] = d;
      } else if (isBad[s]) count++;
    }
    // the samples that keep their target first: no line checks needed for them
    let exact = true;
    if (count >= limit) exact = false;
    else {
      // the farthest first: their lines are the likeliest to be blocked, so a count that cannot
      // win reaches its limit after fewer checks (the answer does not depend on the order: it
      // stops exactly at the limit, or counts all)
      captured.sort((p, q) => away[q]! - away[p]!);
      for (const s of captured) {
        if (line.blocked(s, c) && ++count >= limit) {
          exact = false;
          break;
        }
      }
    }
    // a bound that reached the limit early is still a valid lower bound
    if (!exact) count = Math.max(count, m?.count ?? 0);
    memo.set(c, { count, exact });
    return count;
  };

  const add = (c: number): void => {
    chosen.push(c);
    chosenSet.add(c);
    const row = rows(c);
    for (let s = 0; s < n; s++) {
      const d = row[s]!;
      if (d < dist[s]!) {
        dist[s] = d;
        target[s] = c;
        isBad[s] = line.blocked(s, c) ? 1 : 0;
      }
    }
    badList = undefined;
    memo = new Map();
  };

  const uncovered = (): UncoveredSample[] => bad().map((s) => ({ ...samples[s]!, sampleIndex: s, target: samples[target[s]!]!, zoneIds: line.zones(s, target[s]!) }));

  return { chosen, has: (c) => chosenSet.has(c), bad, targetDistM: (s) => dist[s]!, countWith, add, uncovered };
}
