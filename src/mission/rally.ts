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
import { evaluateZone, routeConstraints, zonesAtPoint, zonesOnSegment, type AirspaceIndex, type DecisionKind, type HeightOptions, type OperationProfile, type Zone } from '../airspace/index.js';
import type { LatLon, Route, Terrain } from '../planner/types.js';
import { horizontalM } from './build-mission.js';
import { e7, MAV_CMD, MAV_FRAME, planItem, PX4_MAX_RALLY_POINTS } from './mav.js';

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
 * Choose rally points for a route (see file header).
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
  const speed = route.request.vehicle.cruiseSpeedMps;

  const safe = (p: LatLon): boolean => {
    if (options.pointUnsafe?.(p, maxAlt)) return false;
    for (const h of [0, options.returnAltM / 2, options.returnAltM, maxAlt]) {
      for (const hit of zonesAtPoint(index, { lat: p.lat, lon: p.lon, altAglM: h }, heightOpts)) {
        const k = evaluateZone(hit.zone, profile, { at: departMs, until: untilMs }).kind;
        if (k !== 'free' && k !== 'inactive') return false;
      }
    }
    return true;
  };
  const verdicts = new Map<Zone, DecisionKind>();
  const plainVerdict = (z: Zone): DecisionKind => {
    let k = verdicts.get(z);
    if (k === undefined) verdicts.set(z, (k = evaluateZone(z, profile, { at: departMs, until: untilMs }).kind));
    return k;
  };
  const lineCache = new Map<string, string[]>();
  /** Obstacle zone ids on the Return line from sample s to target t (empty = clear). */
  const blockers = (s: RouteSample, t: LatLon): string[] => {
    if (horizontalM(s, t) < 1) return [];
    const key = `${s.lat},${s.lon},${s.altAglM},${t.lat},${t.lon}`;
    const hit = lineCache.get(key);
    if (hit) return hit;
    const h = Math.max(s.altAglM, options.returnAltM);
    const a = { lat: s.lat, lon: s.lon, altAglM: h };
    const b = { lat: t.lat, lon: t.lon, altAglM: h + ground(s) - ground(t) };
    // Leaving a zone the route itself is in is no new crossing: only zones entered count. Zones
    // entered by the straight climb from the route's height to h at the failsafe point do count.
    const inside = new Set(zonesAtPoint(index, s, heightOpts).map((z) => z.zone.id));
    const climbedInto = s.altAglM < h
      ? zonesAtPoint(index, a, heightOpts).filter((z) => !inside.has(z.zone.id) && plainVerdict(z.zone) === 'obstacle').map((z) => z.zone.id)
      : [];
    const ceiling = h > profile.heightCeilingAglM ? ['HEIGHT-CEILING-120'] : [];
    // Fast path: permanent zones whose verdict does not depend on the passage (free, obstacle)
    // need no passage facts; anything conditional or time-limited goes through routeConstraints.
    const crossed = zonesOnSegment(index, a, b, heightOpts).filter((c) => !inside.has(c.zone.id));
    const raw = crossed.map((c) => ({ id: c.zone.id, kind: c.zone.applicability.permanent ? plainVerdict(c.zone) : 'conditional' }));
    let ids: string[];
    if (raw.every((r) => r.kind !== 'conditional')) {
      ids = [...climbedInto, ...raw.filter((r) => r.kind === 'obstacle').map((r) => r.id), ...ceiling];
    } else {
      const check = routeConstraints(index, { waypoints: [a, b], groundSpeedMps: speed, departureTime: departMs + s.tS * 1000 }, profile, heightOpts);
      ids = [...climbedInto, ...check.constraints.filter((c) => c.verdict.kind === 'obstacle' && !inside.has(c.zoneId)).map((c) => c.zoneId), ...ceiling];
    }
    if (options.lineBlockers) ids = [...ids, ...options.lineBlockers(a, b)];
    lineCache.set(key, ids);
    return ids;
  };

  const candidates = samples.filter((s, i) => i > 0 && safe(s));
  const chosen: RouteSample[] = [];
  const add = (c: RouteSample | undefined): void => {
    if (c && chosen.length < max && !chosen.includes(c) && horizontalM(c, home) > 1) chosen.push(c);
  };
  const nearestCandidate = (p: RouteSample): RouteSample | undefined => candidates.reduce<RouteSample | undefined>((b, c) => (!b || Math.abs(c.alongM - p.alongM) < Math.abs(b.alongM - p.alongM) ? c : b), undefined);
  // the delivery point: where the payload is released or the vehicle lands
  const deliveryAlong = route.legs.slice(0, route.deliveryLegIndex + 1).reduce((d, l) => d + horizontalM(l.from, l.to), 0);
  const dest = samples.reduce((b, s) => (Math.abs(s.alongM - deliveryAlong) < Math.abs(b.alongM - deliveryAlong) ? s : b), home);
  add(nearestCandidate(dest));

  const nearest = (s: RouteSample, set: readonly RouteSample[] = chosen): LatLon => [home, ...set].reduce((b, c) => (horizontalM(s, c) < horizontalM(s, b) ? c : b), home as LatLon);
  const uncovered = (set: readonly RouteSample[] = chosen): UncoveredSample[] => samples.flatMap((s, sampleIndex) => {
    const target = nearest(s, set);
    const zoneIds = blockers(s, target);
    return zoneIds.length ? [{ ...s, sampleIndex, target, zoneIds }] : [];
  });
  // Repair: for the first uncovered sample, try the nearest few candidates whose line from it is
  // clear and keep the one that leaves the fewest samples uncovered overall.
  let bad = uncovered();
  const tried = new Set<number>();
  while (bad.length && chosen.length < max) {
    const next = bad.find((b) => !tried.has(b.sampleIndex));
    if (!next) break;
    tried.add(next.sampleIndex);
    const sample = samples[next.sampleIndex]!;
    const dNow = horizontalM(sample, nearest(sample));
    const near = candidates
      .filter((c) => !chosen.includes(c) && horizontalM(sample, c) < dNow)
      .sort((a, b) => horizontalM(sample, a) - horizontalM(sample, b));
    // the nearest few, and a few spread out to the current target's distance: the nearest ones can
    // all give a Return line that cuts a zone's corner further on (H4: HHI02 after a river bank)
    const farther = near.slice(REPAIR_CHOICES);
    const spread = Array.from({ length: REPAIR_CHOICES }, (_, k) => farther[Math.floor((k * farther.length) / REPAIR_CHOICES)]).filter((c): c is RouteSample => c !== undefined);
    const options = [...near.slice(0, REPAIR_CHOICES), ...new Set(spread)].filter((c) => blockers(sample, c).length === 0);
    // also the candidate nearest the start of every other run of uncovered samples: with only
    // PX4_MAX_RALLY_POINTS to spend, a point that covers a whole run elsewhere can beat one that
    // covers a single sample here (H4: a corner of HHI02 went uncovered for want of a point)
    for (const run of bad.filter((b, i) => i > 0 && b.sampleIndex !== bad[i - 1]!.sampleIndex + 1 && b.sampleIndex !== next.sampleIndex)) {
      const c = nearestCandidate(samples[run.sampleIndex]!);
      if (c && !chosen.includes(c) && !options.includes(c)) options.push(c);
    }
    let best: { c: RouteSample; left: UncoveredSample[] } | undefined;
    for (const c of options) {
      const left = uncovered([...chosen, c]);
      if (!best || left.length < best.left.length) best = { c, left };
    }
    if (best && best.left.length < bad.length) {
      add(best.c);
      bad = best.left;
    }
  }
  // Fill: a safe point at least every `spacingM` where that does not uncover anything.
  const total = samples[samples.length - 1]!.alongM;
  const spacing = options.spacingM ?? DEFAULT_RALLY_SPACING_M;
  for (let d = spacing; d < total - spacing / 2 && chosen.length < max; d += spacing) {
    const near = [home, ...chosen].some((c) => samples.some((s) => Math.abs(s.alongM - d) < spacing / 2 && horizontalM(s, c) < 1));
    const c = nearestCandidate(samples.find((s) => s.alongM >= d) ?? dest);
    if (near || !c || chosen.includes(c)) continue;
    const left = uncovered([...chosen, c]);
    if (left.length <= bad.length) {
      add(c);
      bad = left;
    }
  }
  chosen.sort((a, b) => a.alongM - b.alongM);
  const points = chosen.map((c) => ({ lat: c.lat, lon: c.lon, relAltM: ground(c) - options.homeAmslM, alongM: c.alongM }));
  const items = points.map((p, seq) => planItem('rally', seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT, x: e7(p.lat), y: e7(p.lon), z: p.relAltM }));
  return { points, items, samples: samples.length, uncovered: bad };
}
