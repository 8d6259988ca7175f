/**
 * The rally choice as first written (rally.ts before the incremental coverage): every candidate
 * set re-checks every sample's nearest target and Return line. Kept as the brute-force oracle the
 * fast path must agree with (test/mission/rally-fast.test.ts). One change: the uncovered list is
 * taken over only when the point was really added (the original took it even when `add` refused a
 * point within 1 m of home).
 */
import { evaluateZone, routeConstraints, zonesAtPoint, zonesOnSegment, type DecisionKind, type HeightOptions, type Zone } from '../../src/airspace/index.js';
import { horizontalM } from '../../src/mission/build-mission.js';
import { e7, MAV_CMD, MAV_FRAME, planItem, PX4_MAX_RALLY_POINTS } from '../../src/mission/mav.js';
import { DEFAULT_RALLY_SPACING_M, DEFAULT_SAMPLE_STEP_M, sampleRoute, type RallyOptions, type RallyPlan, type RouteSample, type UncoveredSample } from '../../src/mission/rally.js';
import type { LatLon, Route } from '../../src/planner/types.js';

const REPAIR_CHOICES = 6;

/**
 * Choose rally points for a route (see file header).
 * @example
 * const rally = chooseRallyPoints(route, { index, profile, homeAmslM: 10, returnAltM: 60 });
 * rally.uncovered.length; // 0 when every Return line is clear
 */
export function chooseRallyPointsReference(route: Route, options: RallyOptions): RallyPlan {
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
  const add = (c: RouteSample | undefined): boolean => {
    if (c && chosen.length < max && !chosen.includes(c) && horizontalM(c, home) > 1) {
      chosen.push(c);
      return true;
    }
    return false;
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
    if (best && best.left.length < bad.length && add(best.c)) bad = best.left;
  }
  // Fill: a safe point at least every `spacingM` where that does not uncover anything.
  const total = samples[samples.length - 1]!.alongM;
  const spacing = options.spacingM ?? DEFAULT_RALLY_SPACING_M;
  for (let d = spacing; d < total - spacing / 2 && chosen.length < max; d += spacing) {
    const near = [home, ...chosen].some((c) => samples.some((s) => Math.abs(s.alongM - d) < spacing / 2 && horizontalM(s, c) < 1));
    const c = nearestCandidate(samples.find((s) => s.alongM >= d) ?? dest);
    if (near || !c || chosen.includes(c)) continue;
    const left = uncovered([...chosen, c]);
    if (left.length <= bad.length && add(c)) bad = left;
  }
  chosen.sort((a, b) => a.alongM - b.alongM);
  const points = chosen.map((c) => ({ lat: c.lat, lon: c.lon, relAltM: ground(c) - options.homeAmslM, alongM: c.alongM }));
  const items = points.map((p, seq) => planItem('rally', seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: MAV_FRAME.GLOBAL_RELATIVE_ALT, x: e7(p.lat), y: e7(p.lon), z: p.relAltM }));
  return { points, items, samples: samples.length, uncovered: bad };
}
