/**
 * A delivery plan's operational intent: one nominal volume per leg (the fence corridor around the
 * leg × the leg's altitude band × its time window) and contingency volumes for a PX4 Return from
 * anywhere along the route (a straight line at the height flown to the nearest rally point or home,
 * then the descent there). Time windows are widened by ± (timeBufferS + timeBufferPct % of the
 * flight time elapsed), so the uncertainty grows with the flight. Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toLocalXY } from '../geo/to-local.js';
import type { LatLon, Leg } from '../planner/types.js';
import { convexHull } from './footprint.js';
import type { DeconflictRules, OperationalIntent, Volume, XY } from './types.js';

export interface IntentInput {
  readonly id: string;
  readonly departAtMs: number;
  readonly legs: readonly Leg[];
  /** Safe landing points a Return may fly to (rally points); home (the first leg's start) is added. */
  readonly rallyPoints: readonly LatLon[];
  /** PX4 RTL_RETURN_ALT: Return flies at max(current height, this), m above home. */
  readonly returnAltM: number;
  readonly descentRateMps: number;
  readonly groundAmslM: number;
}

/** ± seconds of uncertainty at `elapsedS` seconds into the flight. */
export function timeUncertaintyS(rules: DeconflictRules, elapsedS: number): number {
  return rules.timeBufferS + (rules.timeBufferPct / 100) * Math.max(0, elapsedS);
}

function window(rules: DeconflictRules, departAtMs: number, fromS: number, toS: number): { tStartMs: number; tEndMs: number } {
  return { tStartMs: departAtMs + (fromS - timeUncertaintyS(rules, fromS)) * 1000, tEndMs: departAtMs + (toS + timeUncertaintyS(rules, toS)) * 1000 };
}

function xy(frame: LocalFrame, p: LatLon): XY {
  const [x, y] = toLocalXY(frame, p.lon, p.lat);
  return { x, y };
}

interface Sample extends XY {
  readonly tS: number;
  readonly altAglM: number;
}

/** Route points every `stepM` of horizontal flight (and every leg end), with time and height. */
function samples(frame: LocalFrame, legs: readonly Leg[], stepM: number): Sample[] {
  const out: Sample[] = [];
  for (const leg of legs) {
    const a = xy(frame, leg.from);
    const b = xy(frame, leg.to);
    const n = Math.max(1, Math.ceil(leg.horizontalM / stepM));
    for (let k = leg === legs[0] ? 0 : 1; k <= n; k++) {
      const u = k / n;
      out.push({ x: a.x + u * (b.x - a.x), y: a.y + u * (b.y - a.y), tS: leg.startS + u * leg.durationS, altAglM: leg.from.altAglM + u * (leg.to.altAglM - leg.from.altAglM) });
    }
  }
  return out;
}

function nominalVolumes(frame: LocalFrame, input: IntentInput, rules: DeconflictRules): Volume[] {
  const out: Volume[] = [];
  input.legs.forEach((leg, i) => {
    const a = xy(frame, leg.from);
    const b = xy(frame, leg.to);
    const height = leg.from.altAglM === leg.to.altAglM ? `at ${Math.round(leg.to.altAglM)} m AGL` : `${Math.round(leg.from.altAglM)}→${Math.round(leg.to.altAglM)} m AGL`;
    // a long leg in pieces: each piece is occupied only while the vehicle can be on it
    const n = leg.horizontalM < 0.5 ? 1 : Math.max(1, Math.ceil(leg.horizontalM / rules.maxVolumeLengthM));
    for (let k = 0; k < n; k++) {
      const u0 = k / n, u1 = (k + 1) / n;
      const at = (u: number): XY => ({ x: a.x + u * (b.x - a.x), y: a.y + u * (b.y - a.y) });
      const h0 = leg.from.altAglM + u0 * (leg.to.altAglM - leg.from.altAglM);
      const h1 = leg.from.altAglM + u1 * (leg.to.altAglM - leg.from.altAglM);
      out.push({
        id: `nominal/${i}${n > 1 ? `.${k}` : ''}`,
        kind: 'nominal',
        label: `leg ${i} ${leg.kind} ${height}${n > 1 ? ` (part ${k + 1}/${n})` : ''}`,
        footprint: { hull: convexHull(leg.horizontalM < 0.5 ? [a] : [at(u0), at(u1)]), radiusM: rules.corridorHalfWidthM },
        altLowerAmslM: input.groundAmslM + Math.max(0, Math.min(h0, h1) - rules.altitudeBufferM),
        altUpperAmslM: input.groundAmslM + Math.max(h0, h1) + rules.altitudeBufferM,
        ...window(rules, input.departAtMs, leg.startS + u0 * leg.durationS, leg.startS + u1 * leg.durationS),
      });
    }
  });
  return out;
}

/**
 * Return lines: route samples grouped by their nearest safe point and their height (at most
 * maxVolumeLengthM of route per group) (PX4 keeps
 * max(current height, RTL_RETURN_ALT)); each group is the hull of its samples and that point at the
 * group's height band, from its first sample's time to its last sample's time plus the flight to the
 * point. Each safe point also gets the descent column (ground to the highest return height).
 */
function contingencyVolumes(frame: LocalFrame, input: IntentInput, rules: DeconflictRules): Volume[] {
  const home = input.legs[0]!.from;
  const safe = [home, ...input.rallyPoints].map((p) => xy(frame, p));
  const speed = Math.max(1, ...input.legs.map((l) => (l.kind === 'cruise' ? l.groundSpeedMps : 0)));
  const out: Volume[] = [];
  const columns = new Map<number, { hiM: number; fromS: number; toS: number }>();
  let group: { target: number; hM: number; pts: Sample[] } | undefined;
  const flush = (): void => {
    if (!group) return;
    const t = safe[group.target]!;
    const far = Math.max(...group.pts.map((p) => Math.hypot(p.x - t.x, p.y - t.y)));
    const fromS = group.pts[0]!.tS;
    const arriveS = group.pts[group.pts.length - 1]!.tS + far / speed;
    out.push({
      id: `contingency/${out.length}`,
      kind: 'contingency',
      label: `Return at ${Math.round(group.hM)} m AGL to ${group.target === 0 ? 'home' : `rally point ${group.target}`}`,
      footprint: { hull: convexHull([...group.pts, t]), radiusM: rules.corridorHalfWidthM },
      altLowerAmslM: input.groundAmslM + Math.max(0, group.hM - rules.altitudeBufferM),
      altUpperAmslM: input.groundAmslM + group.hM + rules.altitudeBufferM,
      ...window(rules, input.departAtMs, fromS, arriveS),
    });
    const c = columns.get(group.target);
    const downS = group.hM / Math.max(0.5, input.descentRateMps);
    columns.set(group.target, { hiM: Math.max(c?.hiM ?? 0, group.hM), fromS: Math.min(c?.fromS ?? Infinity, fromS), toS: Math.max(c?.toS ?? 0, arriveS + downS) });
    group = undefined;
  };
  for (const s of samples(frame, input.legs, rules.contingencySampleM)) {
    if (s.altAglM < 1) continue; // on the ground: nothing to return from
    let target = 0;
    let best = Infinity;
    safe.forEach((p, i) => {
      const d = Math.hypot(p.x - s.x, p.y - s.y);
      if (d < best) [best, target] = [d, i];
    });
    const hM = Math.max(s.altAglM, input.returnAltM);
    // a new group when the target or the height band changes (climbs and waterway crossings)
    const full = group !== undefined && group.pts.length * rules.contingencySampleM >= rules.maxVolumeLengthM;
    if (group && (full || group.target !== target || Math.abs(group.hM - hM) > rules.altitudeBufferM)) flush();
    if (!group) group = { target, hM, pts: [] };
    group.pts.push(s);
  }
  flush();
  for (const [target, c] of columns) {
    out.push({
      id: `contingency/${out.length}`,
      kind: 'contingency',
      label: `Return descent at ${target === 0 ? 'home' : `rally point ${target}`}`,
      footprint: { hull: [safe[target]!], radiusM: rules.corridorHalfWidthM },
      altLowerAmslM: input.groundAmslM,
      altUpperAmslM: input.groundAmslM + c.hiM + rules.altitudeBufferM,
      ...window(rules, input.departAtMs, c.fromS, c.toS),
    });
  }
  return out;
}

/**
 * The Accepted intent of a plan.
 * @example
 * const intent = buildIntent(frame, { id: 'd1', departAtMs, legs: route.legs, rallyPoints, returnAltM: 60, descentRateMps: 3, groundAmslM: 10 }, DEFAULT_DECONFLICT_RULES);
 * intent.volumes.filter((v) => v.kind === 'nominal').length >= route.legs.length // true (long legs in pieces)
 */
export function buildIntent(frame: LocalFrame, input: IntentInput, rules: DeconflictRules): OperationalIntent {
  const cruise = input.legs.filter((l) => l.kind === 'cruise').map((l) => l.to.altAglM);
  return {
    id: input.id,
    state: 'Accepted',
    version: 1,
    departAtMs: input.departAtMs,
    cruiseAglM: cruise.length ? Math.min(...cruise) : 0,
    volumes: [...nominalVolumes(frame, input, rules), ...contingencyVolumes(frame, input, rules)],
  };
}

/** The same intent departing `delayS` later (every window moved; the route unchanged). */
export function delayIntent(intent: OperationalIntent, delayS: number): OperationalIntent {
  const d = delayS * 1000;
  return { ...intent, departAtMs: intent.departAtMs + d, volumes: intent.volumes.map((v) => ({ ...v, tStartMs: v.tStartMs + d, tEndMs: v.tEndMs + d })) };
}
