/**
 * The Return-line check of rally planning (rally.ts), once per plan: which obstacle zones a Return
 * from route sample s to target t (home or another sample) would enter. Every target is a sample,
 * so lines are cached by the index pair, and what depends only on s (the zones s is already in,
 * the zones the climb to the return height enters) is computed once per sample.
 *
 * Two questions: `blocked` (yes/no, what choosing points needs) stops at the first crossing that
 * blocks, and decides a conditional crossing from one volume's piece of it when that already fails
 * every option (a Return at 60 m deep into a waterway's buffer: below 100 m, and higher than its
 * lateral distance); `zones` (the full list, what is reported)
 * judges every crossing as routeConstraints does. `blocked(s, t)` is exactly `zones(s, t).length > 0`.
 * Pure.
 */
import {
  anyCrossingPiece, crossingsOnSegment, evaluateZone, pieceMakesObstacle, segmentPassageVerdict, zonesAtPoint,
  type AirspaceIndex, type HeightOptions, type OperationProfile, type Zone, type ZoneVerdict,
} from '../airspace/index.js';
import type { LatLon } from '../planner/types.js';
import { toLocalXY } from '../geo/to-local.js';
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

export interface ReturnLineCheck {
  /** Obstacle zone ids on the Return line from sample `si` to sample `ti` (empty = clear). */
  zones(si: number, ti: number): readonly string[];
  /** Whether that line is blocked: `zones(si, ti).length > 0`, without listing them. */
  blocked(si: number, ti: number): boolean;
}

/** Per zone, for the yes/no question: its plain verdict decides (1), one piece of the crossing may (2), or only the full facts (3). */
const BY_VERDICT = 1, BY_PIECE = 2, BY_FACTS = 3;

/**
 * @example
 * const lines = returnLineChecker(samples, { index, profile, heightOpts, ground, returnAltM: 60, departMs, untilMs, speedMps: 11 });
 * lines.zones(40, 0); // → [] when a Return from sample 40 to home is clear
 * lines.blocked(40, 0); // → false
 */
export function returnLineChecker(samples: readonly RouteSample[], o: ReturnLineOptions): ReturnLineCheck {
  const { index, profile, heightOpts } = o;
  const n = samples.length;
  const verdicts = new Map<Zone, ZoneVerdict>();
  const plainFull = (z: Zone): ZoneVerdict => {
    let v = verdicts.get(z);
    if (v === undefined) verdicts.set(z, (v = evaluateZone(z, profile, { at: o.departMs, until: o.untilMs })));
    return v;
  };
  const plainVerdict = (z: Zone): ZoneVerdict['kind'] => plainFull(z).kind;
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
  const zones = (si: number, ti: number): readonly string[] => {
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

  // how a crossing of zone zi is decided (a permanent zone's verdict does not depend on the time;
  // for a permanent conditional zone resolvePassage decides each rule on the passage's facts)
  const decideBy = new Uint8Array(index.zones.length);
  const how = (zi: number): number => {
    if (!decideBy[zi]) {
      const z = index.zones[zi]!;
      decideBy[zi] = !z.applicability.permanent ? BY_FACTS : plainVerdict(z) === 'conditional' ? BY_PIECE : BY_VERDICT;
    }
    return decideBy[zi]!;
  };
  // samples' local coordinates (toLocalXY's, computed once each) and the current line's ends
  const local = new Float64Array(2 * n).fill(NaN);
  const ends = new Float64Array(4);
  const setEnd = (k: number, si: number): void => {
    if (Number.isNaN(local[2 * si]!)) [local[2 * si], local[2 * si + 1]] = toLocalXY(index.frame, samples[si]!.lon, samples[si]!.lat);
    ends[k] = local[2 * si]!;
    ends[k + 1] = local[2 * si + 1]!;
  };
  // per target, lazily: 0 = not asked, 1 = clear, 2 = blocked
  const answers: Array<Uint8Array | undefined> = [];
  const blocked = (si: number, ti: number): boolean => {
    const row = (answers[ti] ??= new Uint8Array(n));
    if (row[si]) return row[si] === 2;
    const yes = decide(si, ti);
    row[si] = yes ? 2 : 1;
    return yes;
  };
  const decide = (si: number, ti: number): boolean => {
    const s = samples[si]!, t = samples[ti]!;
    if (horizontalM(s, t) < 1) return false;
    const listed = cache.get(si * n + ti);
    if (listed) return listed.length > 0;
    const { h, a, inside, climbedInto, ceiling } = context(si);
    if (climbedInto.length || ceiling.length) return true;
    const b = { lat: t.lat, lon: t.lon, altAglM: h + o.ground(s) - o.ground(t) };
    setEnd(0, si);
    setEnd(2, ti);
    let open = false;
    const hit = anyCrossingPiece(index, a, b, heightOpts, keep, (zi, t0, t1) => {
      const z = index.zones[zi]!;
      if (inside.has(z.id)) return false;
      const by = how(zi);
      if (by === BY_VERDICT) return plainVerdict(z) === 'obstacle';
      if (by === BY_PIECE && pieceMakesObstacle(index, z, plainFull(z).decisions, a, b, t0, t1, ends)) return true;
      open = true;
      return false;
    }, ends);
    if (hit) return true;
    // a piece its own facts leave open, a time-limited zone, or structures: the full judgement
    return open || o.lineBlockers ? zones(si, ti).length > 0 : false;
  };
  return { zones, blocked };
}
