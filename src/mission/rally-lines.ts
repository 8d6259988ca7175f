/**
 * The Return-line check of rally planning (rally.ts), once per plan: which obstacle zones a Return
 * from route sample s to target t (home or another sample) would enter. Every target is a sample,
 * so lines are cached by the index pair, and what depends only on s (the zones s is already in,
 * the zones the climb to the return height enters) is computed once per sample. Pure.
 */
import { crossingsOnSegment, evaluateZone, segmentPassageVerdict, zonesAtPoint, type AirspaceIndex, type DecisionKind, type HeightOptions, type OperationProfile, type Zone } from '../airspace/index.js';
import type { LatLon } from '../planner/types.js';
import { horizontalM } from './build-mission.js';
import type { RouteSample } from './rally.js';

export interface ReturnLineOptions {
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  readonly heightOpts: HeightOptions;
  readonly ground: (p: LatLon) => number;
  readonly returnAltM: number;
  readonly departMs: number;
  readonly untilMs: number;
  readonly speedMps: number;
  readonly lineBlockers?: (a: LatLon & { altAglM: number }, b: LatLon & { altAglM: number }) => string[];
}

interface SampleContext {
  readonly h: number;
  readonly a: LatLon & { altAglM: number };
  readonly inside: ReadonlySet<string>;
  readonly climbedInto: readonly string[];
  readonly ceiling: readonly string[];
}

/** Obstacle zone ids on the Return line from sample `si` to sample `ti` (empty = clear). */
export type ReturnLineCheck = (si: number, ti: number) => readonly string[];

/**
 * @example
 * const blockers = returnLineChecker(samples, { index, profile, heightOpts, ground, returnAltM: 60, departMs, untilMs, speedMps: 11 });
 * blockers(40, 0); // → [] when a Return from sample 40 to home is clear
 */
export function returnLineChecker(samples: readonly RouteSample[], o: ReturnLineOptions): ReturnLineCheck {
  const { index, profile, heightOpts } = o;
  const n = samples.length;
  const verdicts = new Map<Zone, DecisionKind>();
  const plainVerdict = (z: Zone): DecisionKind => {
    let k = verdicts.get(z);
    if (k === undefined) verdicts.set(z, (k = evaluateZone(z, profile, { at: o.departMs, until: o.untilMs }).kind));
    return k;
  };
  // a permanent zone that is free for this flight can never be on a Return line's list: its
  // geometry is skipped (1 = can block, 2 = cannot)
  const mayBlock = new Uint8Array(index.zones.length);
  const keep = (zi: number): boolean => {
    if (!mayBlock[zi]) {
      const z = index.zones[zi]!;
      mayBlock[zi] = z.applicability.permanent && plainVerdict(z) === 'free' ? 2 : 1;
    }
    return mayBlock[zi] === 1;
  };
  const contexts: Array<SampleContext | undefined> = [];
  const context = (si: number): SampleContext => {
    let c = contexts[si];
    if (c) return c;
    const s = samples[si]!;
    const h = Math.max(s.altAglM, o.returnAltM);
    const a = { lat: s.lat, lon: s.lon, altAglM: h };
    // Leaving a zone the route itself is in is no new crossing: only zones entered count. Zones
    // entered by the straight climb from the route's height to h at the failsafe point do count.
    const inside = new Set(zonesAtPoint(index, s, heightOpts).map((z) => z.zone.id));
    const climbedInto = s.altAglM < h
      ? zonesAtPoint(index, a, heightOpts).filter((z) => !inside.has(z.zone.id) && plainVerdict(z.zone) === 'obstacle').map((z) => z.zone.id)
      : [];
    const ceiling = h > profile.heightCeilingAglM ? ['HEIGHT-CEILING-120'] : [];
    contexts[si] = c = { h, a, inside, climbedInto, ceiling };
    return c;
  };
  const cache = new Map<number, readonly string[]>();
  const NONE: readonly string[] = [];
  return (si, ti) => {
    const s = samples[si]!, t = samples[ti]!;
    if (horizontalM(s, t) < 1) return NONE;
    const key = si * n + ti;
    const hit = cache.get(key);
    if (hit) return hit;
    const { h, a, inside, climbedInto, ceiling } = context(si);
    const b = { lat: t.lat, lon: t.lon, altAglM: h + o.ground(s) - o.ground(t) };
    // A permanent zone whose plain verdict is free or obstacle keeps it on any passage (only
    // conditional decisions depend on passage facts); the others are judged on this passage as
    // routeConstraints judges them — per crossing, so no facts are computed for the rest.
    // Entering a free zone changes nothing, so only zones that may block are intersected.
    const depMs = o.departMs + s.tS * 1000;
    let ids: string[] = [...climbedInto];
    for (const c of crossingsOnSegment(index, a, b, heightOpts, keep)) {
      if (inside.has(c.zone.id)) continue;
      const plain = c.zone.applicability.permanent ? plainVerdict(c.zone) : 'conditional';
      const kind = plain !== 'conditional' ? plain : segmentPassageVerdict(index, profile, a, b, c, depMs, o.speedMps).kind;
      if (kind === 'obstacle') ids.push(c.zone.id);
    }
    ids.push(...ceiling);
    if (o.lineBlockers) ids = [...ids, ...o.lineBlockers(a, b)];
    const out = ids.length ? ids : NONE;
    cache.set(key, out);
    return out;
  };
}
