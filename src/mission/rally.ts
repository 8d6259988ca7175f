/**
 * Rally points (PX4 "safe points") along the corridor, chosen so that a Return from any point of
 * the route — PX4 RTL_TYPE 0 flies a straight line to the nearest of home and the rally points —
 * never crosses a zone that is an obstacle at the return height. Pure.
 *
 * 1. Sample the route every `sampleStepM` (3-D, with the time each point is flown).
 * 2. Candidates: samples that are safe to descend and land on — every zone containing them from
 *    the ground up to the highest return height is free or inactive during the flight.
 * 3. Start with the delivery point, then repair greedily: for the first sample whose nearest safe
 *    point gives an obstacle line, try candidates with a clear line from it (the nearest few, a few
 *    spread out to its current target, and one per other run of uncovered samples) and keep the
 *    one that leaves the fewest samples uncovered; repeat until all are covered or `maxPoints`
 *    are used. Finally add a point every `spacingM` where that uncovers nothing.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { evaluateZone, zonesInColumn, type AirspaceIndex, type DecisionKind, type HeightOptions, type OperationProfile, type Zone } from '../airspace/index.js';
import type { LatLon, Route, Terrain } from '../planner/types.js';
import { horizontalM } from './build-mission.js';
import { e7, MAV_CMD, MAV_FRAME, planItem, PX4_MAX_RALLY_POINTS } from './mav.js';
import { coverageState, distanceRows } from './rally-coverage.js';
import { returnLineChecker } from './rally-lines.js';

export interface RallyOptions {
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  readonly homeAmslM: number;
  readonly terrain?: Terrain;
  /** RTL_RETURN_ALT (m above home): PX4 climbs to it first, or keeps a higher current height. */
  readonly returnAltM: number;
  /** ISO departure time (default: the route request's, else the profile's). */
  readonly departAt?: string;
  readonly maxPoints?: number;
  readonly spacingM?: number;
  readonly sampleStepM?: number;
  /** Extra obstacles (structures) on a Return line at its height, and points not to land on. */
  readonly lineBlockers?: (a: LatLon & { altAglM: number }, b: LatLon & { altAglM: number }) => string[];
  readonly pointUnsafe?: (p: LatLon, maxAltAglM: number) => boolean;
}

/** One point of the route, with the time it is flown. */
export interface RouteSample extends LatLon {
  readonly altAglM: number;
  readonly alongM: number;
  readonly tS: number;
}

export interface RallyPoint extends LatLon {
  /** Altitude relative to home (ground at the point − home ground). */
  readonly relAltM: number;
  readonly alongM: number;
}

/** A sample whose Return line is not clear, with the zones it would cross. */
export interface UncoveredSample extends RouteSample {
  readonly sampleIndex: number;
  readonly target: LatLon;
  readonly zoneIds: readonly string[];
}

export interface RallyPlan {
  readonly points: readonly RallyPoint[];
  /** RALLY items (mission_type 2), frame GLOBAL_RELATIVE_ALT (3): PX4 rejects frame 6 at RTL time. */
  readonly items: readonly MissionItem[];
  readonly samples: number;
  readonly uncovered: readonly UncoveredSample[];
}

export const DEFAULT_RALLY_SPACING_M = 800;
export const DEFAULT_SAMPLE_STEP_M = 25;
/** Candidates tried per repair step. */
const REPAIR_CHOICES = 6;

/**
 * The route every `stepM` metres (horizontal; vertical legs at their ends), with flight times.
 * @example sampleRoute(route, 25).length
 */
export function sampleRoute(route: Pick<Route, 'legs'>, stepM: number): RouteSample[] {
  const out: RouteSample[] = [];
  let along = 0;
  for (const leg of route.legs) {
    const h = horizontalM(leg.from, leg.to);
    const n = Math.max(1, Math.ceil(h / stepM));
    for (let i = out.length ? 1 : 0; i <= n; i++) {
      const t = i / n;
      out.push({
        lat: leg.from.lat + (leg.to.lat - leg.from.lat) * t, lon: leg.from.lon + (leg.to.lon - leg.from.lon) * t,
        altAglM: leg.from.altAglM + (leg.to.altAglM - leg.from.altAglM) * t, alongM: along + h * t, tS: leg.startS + leg.durationS * t,
      });
    }
    along += h;
  }
  return out;
}

/**
 * Choose rally points for a route (see file header). Return lines are checked through
 * rally-lines.ts (cached per plan) and coverage is kept incrementally (rally-coverage.ts); the
 * choice is the same as re-checking every sample for every candidate set.
 * @example
 * const rally = chooseRallyPoints(route, { index, profile, homeAmslM: 10, returnAltM: 60 });
 * rally.uncovered.length; // 0 when every Return line is clear
 */
export function chooseRallyPoints(route: Route, options: RallyOptions): RallyPlan {
  const { index, profile } = options;
  const max = options.maxPoints ?? PX4_MAX_RALLY_POINTS;
  const ground = (p: LatLon): number => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const heightOpts: HeightOptions = { groundAmslM: options.terrain ? (p) => options.terrain!.groundAmslM(p) : options.homeAmslM };
  const depart = options.departAt ?? route.request.departAt ?? profile.departureTime;
  const departMs = Date.parse(depart);
  const untilMs = departMs + route.durationS * 1000;
  const samples = sampleRoute(route, options.sampleStepM ?? DEFAULT_SAMPLE_STEP_M);
  const home = samples[0]!;
  const maxAlt = Math.max(options.returnAltM, ...samples.map((s) => s.altAglM));

  // a zone's verdict for the flight's time window, once per zone
  const kinds = new Map<Zone, DecisionKind>();
  const kindOf = (z: Zone): DecisionKind => {
    let k = kinds.get(z);
    if (k === undefined) kinds.set(z, (k = evaluateZone(z, profile, { at: departMs, until: untilMs }).kind));
    return k;
  };
  const column = [0, options.returnAltM / 2, options.returnAltM, maxAlt];
  const safe = (p: LatLon): boolean => {
    if (options.pointUnsafe?.(p, maxAlt)) return false;
    for (const z of zonesInColumn(index, p, column, heightOpts)) {
      const k = kindOf(z);
      if (k !== 'free' && k !== 'inactive') return false;
    }
    return true;
  };
  const line = returnLineChecker(samples, {
    index, profile, heightOpts, ground, returnAltM: options.returnAltM, departMs, untilMs, speedMps: route.request.vehicle.cruiseSpeedMps,
    ...(options.lineBlockers ? { lineBlockers: options.lineBlockers } : {}),
  });

  // candidates as sample indices, in route order (so by alongM)
  const candidates = samples.flatMap((s, i) => (i > 0 && safe(s) ? [i] : []));
  const rows = distanceRows(samples);
  const cov = coverageState(samples, line, rows);
  const add = (c: number | undefined): boolean => {
    if (c === undefined || cov.chosen.length >= max || cov.has(c) || horizontalM(samples[c]!, home) <= 1) return false;
    cov.add(c);
    return true;
  };
  /** The candidate nearest along the route (ties: the earlier one). */
  const nearestCandidate = (p: RouteSample): number | undefined => {
    if (!candidates.length) return undefined;
    let lo = 0, hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (samples[candidates[mid]!]!.alongM < p.alongM) lo = mid + 1; else hi = mid;
    }
    if (lo === 0) return candidates[0];
    // the first of the run of equal alongM just before p
    let a = lo - 1;
    while (a > 0 && samples[candidates[a - 1]!]!.alongM === samples[candidates[a]!]!.alongM) a--;
    if (lo === candidates.length) return candidates[a];
    const da = Math.abs(samples[candidates[a]!]!.alongM - p.alongM), db = Math.abs(samples[candidates[lo]!]!.alongM - p.alongM);
    return db < da ? candidates[lo] : candidates[a];
  };
  // the delivery point: where the payload is released or the vehicle lands
  const deliveryAlong = route.legs.slice(0, route.deliveryLegIndex + 1).reduce((d, l) => d + horizontalM(l.from, l.to), 0);
  const dest = samples.reduce((b, s) => (Math.abs(s.alongM - deliveryAlong) < Math.abs(b.alongM - deliveryAlong) ? s : b), home);
  add(nearestCandidate(dest));

  // Repair: for the first uncovered sample, try the nearest few candidates whose line from it is
  // clear and keep the one that leaves the fewest samples uncovered overall.
  const tried = new Set<number>();
  while (cov.bad().length && cov.chosen.length < max) {
    const bad = cov.bad();
    const next = bad.find((b) => !tried.has(b));
    if (next === undefined) break;
    tried.add(next);
    const dNow = cov.targetDistM(next);
    const away = rows(next);
    const near = candidates.filter((c) => !cov.has(c) && away[c]! < dNow).sort((a, b) => away[a]! - away[b]!);
    // the nearest few, and a few spread out to the current target's distance: the nearest ones can
    // all give a Return line that cuts a zone's corner further on (H4: HHI02 after a river bank)
    const farther = near.slice(REPAIR_CHOICES);
    const spread = Array.from({ length: REPAIR_CHOICES }, (_, k) => farther[Math.floor((k * farther.length) / REPAIR_CHOICES)]).filter((c): c is number => c !== undefined);
    const choices = [...near.slice(0, REPAIR_CHOICES), ...new Set(spread)].filter((c) => !line.blocked(next, c));
    // also the candidate nearest the start of every other run of uncovered samples: with only
    // PX4_MAX_RALLY_POINTS to spend, a point that covers a whole run elsewhere can beat one that
    // covers a single sample here (H4: a corner of HHI02 went uncovered for want of a point)
    for (let i = 1; i < bad.length; i++) {
      if (bad[i] === bad[i - 1]! + 1 || bad[i] === next) continue;
      const c = nearestCandidate(samples[bad[i]!]!);
      if (c !== undefined && !cov.has(c) && !choices.includes(c)) choices.push(c);
    }
    // the first candidate with the fewest samples left uncovered, if fewer than now
    let best: { c: number; left: number } | undefined;
    for (const c of choices) {
      const left = cov.countWith(c, Math.min(bad.length, best?.left ?? Infinity));
      if (left < Math.min(bad.length, best?.left ?? Infinity)) best = { c, left };
    }
    if (best) add(best.c);
  }
  // Fill: a safe point at least every `spacingM` where that does not uncover anything.
  const total = samples[samples.length - 1]!.alongM;
  const spacing = options.spacingM ?? DEFAULT_RALLY_SPACING_M;
  for (let d = spacing; d < total - spacing / 2 && cov.chosen.length < max; d += spacing) {
    const near = [0, ...cov.chosen].some((c) => samples.some((s) => Math.abs(s.alongM - d) < spacing / 2 && horizontalM(s, samples[c]!) < 1));
    const c = nearestCandidate(samples.find((s) => s.alongM >= d) ?? dest);
    if (near || c === undefined || cov.has(c)) continue;
    if (cov.countWith(c, cov.bad().length + 1) <= cov.bad().length) add(c);
  }
  const chosen = [...cov.chosen].sort((a, b) => samples[a]!.alongM - samples[b]!.alongM);
  const points = chosen.map((i) => samples[i]!).map((c) => ({ lat: c.lat, lon: c.lon, relAltM: ground(c) - options.homeAmslM, alongM: c.alongM }));
  const items = points.map((p, seq) => planItem('rally', seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT, x: e7(p.lat), y: e7(p.lon), z: p.relAltM }));
  return { points, items, samples: samples.length, uncovered: cov.uncovered() };
}
