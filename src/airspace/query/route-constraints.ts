import { distToPolyline, distToSegmentSq } from '../../geo/planar.js';
import { toLocalXY } from '../../geo/to-local.js';
import { checkHeightCeiling } from '../check-height-ceiling.js';
import { AirspaceError } from '../errors.js';
import { evaluateZone } from '../evaluate-zone.js';
import type { OperationProfile } from '../profile.js';
import { worstKind, type DecisionKind, type PassageFacts, type RuleDecision, type ZoneVerdict } from '../rules/decision.js';
import type { HeightOptions, Position3D, Zone } from '../types.js';
import { axisNear, containsXY, depthXY, type CompiledVolume } from './compiled.js';
import { volumesOfZone, type AirspaceIndex } from './create-index.js';
import { convexLines, deepestOnSegment } from './lateral-exact.js';
import { passageCrossingAngleDeg, waterBodyOf } from './water-body.js';
import { zonesOnSegment, type SegmentCrossing } from './zones-on-segment.js';

/** A 3-D polyline flown from `departureTime`, timed by ground speed or explicit offsets. */
export interface RouteInput {
  readonly waypoints: readonly Position3D[];
  /** Default: the profile's departure time. */
  readonly departureTime?: string | Date | number;
  /** Constant ground speed; required unless `timeOffsetsS` is given. */
  readonly groundSpeedMps?: number;
  /** Seconds after departure at each waypoint (non-decreasing, same length as waypoints). */
  readonly timeOffsetsS?: readonly number[];
}

/** One passage of the route through one zone (consecutive segments merged), with its verdict. */
export interface RouteConstraint {
  readonly zoneId: string;
  readonly zone: Zone;
  readonly firstSegment: number;
  readonly lastSegment: number;
  /** Horizontal distance along the whole route, metres. */
  readonly entryM: number;
  readonly exitM: number;
  readonly entry: Position3D;
  readonly exit: Position3D;
  readonly entryTime: string;
  readonly exitTime: string;
  readonly passage: PassageFacts;
  readonly verdict: ZoneVerdict;
}

/** Everything the rules say about a route. `kind` is the worst decision. */
export interface RouteCheck {
  readonly kind: DecisionKind;
  readonly lengthM: number;
  readonly durationS: number;
  readonly constraints: readonly RouteConstraint[];
  /** HEIGHT-CEILING-120 decisions for segments above the ceiling. */
  readonly ceiling: ReadonlyArray<{ readonly segmentIndex: number; readonly decision: RuleDecision }>;
}

const MAX_SAMPLES = 200;
const SAMPLE_STEP_M = 5;

function times(route: RouteInput, cum: number[]): number[] {
  const n = route.waypoints.length;
  if (route.timeOffsetsS) {
    const t = route.timeOffsetsS;
    if (t.length !== n || t.some((x, i) => !Number.isFinite(x) || (i > 0 && x < t[i - 1]!))) {
      throw new AirspaceError('ROUTE_INVALID', `route: timeOffsetsS must have ${n} non-decreasing numbers, one per waypoint`);
    }
    return [...t];
  }
  const v = route.groundSpeedMps;
  if (v === undefined || !(v > 0)) throw new AirspaceError('ROUTE_INVALID', 'route: give groundSpeedMps > 0 or timeOffsetsS so passages can be timed');
  return cum.map((d) => d / v);
}

/**
 * The centreline segments of a corridor that can lie within its half-width of a box: the only ones
 * that decide containment and depth there (a long river corridor has hundreds of segments).
 */
function nearSegments(pts: Float64Array, hw: number, minX: number, minY: number, maxX: number, maxY: number): Float64Array {
  if (pts.length === 2) return Float64Array.of(pts[0]!, pts[1]!, pts[0]!, pts[1]!);
  const out: number[] = [];
  const m = hw + 1e-6;
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const x0 = pts[i]!, y0 = pts[i + 1]!, x1 = pts[i + 2]!, y1 = pts[i + 3]!;
    if (Math.min(x0, x1) - m > maxX || Math.max(x0, x1) + m < minX || Math.min(y0, y1) - m > maxY || Math.max(y0, y1) + m < minY) continue;
    out.push(x0, y0, x1, y1);
  }
  return Float64Array.from(out);
}

/** Lateral distance (buffer − depth) of a point inside the volume, undefined outside. */
type LateralAt = (x: number, y: number) => number | undefined;

function lateralProbe(v: CompiledVolume, buffer: number, box: [number, number, number, number]): LateralAt {
  const f = v.foot;
  if (f.kind === 'polygon') {
    // depthXY's value for an inside point, without its second containment test
    // outside the volume's box (padded far beyond containsXY's edge tolerance) nothing contains the point
    const x0 = v.minX - 1e-6, y0 = v.minY - 1e-6, x1 = v.maxX + 1e-6, y1 = v.maxY + 1e-6;
    return (x, y) => {
      if (x < x0 || x > x1 || y < y0 || y > y1 || !containsXY(f, x, y)) return undefined;
      let d = Infinity;
      for (const r of f.rings) d = Math.min(d, distToPolyline(x, y, r));
      return buffer - d;
    };
  }
  if (f.kind !== 'corridor') return (x, y) => (containsXY(f, x, y) ? buffer - depthXY(f, x, y) : undefined);
  const segs = nearSegments(f.pts, f.hw, ...box);
  return (x, y) => {
    let best = Infinity;
    for (let i = 0; i < segs.length; i += 4) {
      const d = distToSegmentSq(x, y, segs[i]!, segs[i + 1]!, segs[i + 2]!, segs[i + 3]!);
      if (d < best) best = d;
    }
    // same arithmetic as containsXY/depthXY on the whole centreline: the nearest segment is among these
    const d = Math.sqrt(best);
    return d <= f.hw ? buffer - (f.hw - d) : undefined;
  };
}

function facts(vols: readonly CompiledVolume[], zone: Zone, ax: number, ay: number, bx: number, by: number, a: Position3D, b: Position3D, t0: number, t1: number, fromMs: number, toMs: number): PassageFacts {
  const len = Math.hypot(bx - ax, by - ay) * (t1 - t0);
  const n = Math.min(MAX_SAMPLES, Math.max(2, Math.ceil(len / SAMPLE_STEP_M) + 1));
  let minAlt = Infinity, maxAlt = -Infinity, minLat = Infinity, minMargin = Infinity;
  const x0 = ax + (bx - ax) * t0, y0 = ay + (by - ay) * t0, x1 = ax + (bx - ax) * t1, y1 = ay + (by - ay) * t1;
  const box: [number, number, number, number] = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
  // the lateral facts exist only for zones with a lateral buffer (Nr. 5): no probing otherwise
  // only volumes whose box meets the passage's can hold a sample (a river published as hundreds of
  // rectangles would otherwise be asked for every sample: the whole plan's hot spot)
  const near = vols.filter((v) => v.minX <= box[2] && v.maxX >= box[0] && v.minY <= box[3] && v.maxY >= box[1]);
  // convex polygons (a river published as rectangles) are clipped exactly (lateral-exact.ts);
  // other shapes are probed at the samples
  const probes: LateralAt[] = [];
  if (zone.lateralBufferM > 0) {
    const buffer = zone.lateralBufferM;
    for (const v of near) {
      const lines = convexLines(v.foot);
      if (!lines) {
        probes.push(lateralProbe(v, buffer, box));
        continue;
      }
      const d = deepestOnSegment(lines, ax, ay, bx, by, t0, t1, a.altAglM, b.altAglM);
      if (d) {
        minLat = Math.min(minLat, buffer - d.depth);
        minMargin = Math.min(minMargin, buffer - d.depthPlusAlt);
      }
    }
  }
  // altitude is linear: its extremes are at the first and last sample
  for (const i of probes.length ? Array.from({ length: n }, (_, k) => k) : [0, n - 1]) {
    const t = t0 + ((t1 - t0) * i) / (n - 1);
    const x = ax + (bx - ax) * t, y = ay + (by - ay) * t;
    const alt = a.altAglM + (b.altAglM - a.altAglM) * t;
    minAlt = Math.min(minAlt, alt);
    maxAlt = Math.max(maxAlt, alt);
    let lateral = Infinity;
    for (const probe of probes) {
      const l = probe(x, y);
      if (l !== undefined && l < lateral) lateral = l;
    }
    if (lateral < Infinity) {
      minLat = Math.min(minLat, lateral);
      minMargin = Math.min(minMargin, lateral - alt);
    }
  }
  let angle: number | undefined;
  if (zone.categories.includes('WATERWAY')) {
    // judged against the banks of the published geometry (water-body.ts), as the planner derives its crossings
    angle = passageCrossingAngleDeg(waterBodyOf(zone.id, vols), ax, ay, bx, by, t0, t1);
  } else {
    const tm = (t0 + t1) / 2;
    const mx = ax + (bx - ax) * tm, my = ay + (by - ay) * tm;
    const inside = vols.filter((v) => containsXY(v.foot, mx, my));
    const axis = axisNear((inside[0] ?? vols[0])!.foot, mx, my);
    const tl = Math.hypot(bx - ax, by - ay);
    if (axis && tl > 0) angle = (Math.acos(Math.min(1, Math.abs(((bx - ax) * axis[0] + (by - ay) * axis[1]) / tl))) * 180) / Math.PI;
  }
  return {
    minAltAglM: minAlt, maxAltAglM: maxAlt, fromMs, toMs,
    ...(zone.lateralBufferM > 0 && minLat < Infinity ? { minLateralDistanceM: minLat, minLateralMarginM: minMargin } : {}),
    ...(angle !== undefined ? { crossingAngleDeg: angle } : {}),
  };
}

function mergeFacts(p: PassageFacts, q: PassageFacts): PassageFacts {
  const opt = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  const lat = opt(p.minLateralDistanceM, q.minLateralDistanceM);
  const margin = opt(p.minLateralMarginM, q.minLateralMarginM);
  const angle = opt(p.crossingAngleDeg, q.crossingAngleDeg);
  return {
    minAltAglM: Math.min(p.minAltAglM, q.minAltAglM), maxAltAglM: Math.max(p.maxAltAglM, q.maxAltAglM),
    fromMs: Math.min(p.fromMs, q.fromMs), toMs: Math.max(p.toMs, q.toMs),
    ...(lat !== undefined ? { minLateralDistanceM: lat } : {}),
    ...(margin !== undefined ? { minLateralMarginM: margin } : {}),
    ...(angle !== undefined ? { crossingAngleDeg: angle } : {}),
  };
}

/**
 * All constraints on a timed 3-D polyline: every zone passage (consecutive segments merged) with
 * entry/exit distance and time and the rules engine's verdict for that passage (inactive zones
 * included, so a planner can see what a time shift would change), plus ceiling violations.
 * @example
 * const check = routeConstraints(index, { waypoints: [a, b], groundSpeedMps: 15 }, profile, { groundAmslM: 10 });
 * check.kind; // → 'obstacle'
 * check.constraints.map((c) => `${c.zoneId} ${c.verdict.kind}`); // → ['HHA01 free', 'HHH01 obstacle', …]
 */
export function routeConstraints(index: AirspaceIndex, route: RouteInput, profile: OperationProfile, options: HeightOptions = {}): RouteCheck {
  const wps = route.waypoints;
  if (!Array.isArray(wps) || wps.length < 2) throw new AirspaceError('ROUTE_INVALID', 'route: give at least two waypoints');
  wps.forEach((w, i) => {
    if (![w.lat, w.lon, w.altAglM].every(Number.isFinite) || Math.abs(w.lat) > 90 || Math.abs(w.lon) > 180) {
      throw new AirspaceError('ROUTE_INVALID', `route: waypoint ${i} needs finite lat, lon and altAglM`, { waypoint: i });
    }
  });
  const xy = wps.map((w) => toLocalXY(index.frame, w.lon, w.lat));
  const cum = [0];
  for (let i = 1; i < wps.length; i++) cum.push(cum[i - 1]! + Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]));
  const tS = times(route, cum);
  const dep = route.departureTime ?? profile.departureTime;
  const depMs = typeof dep === 'number' ? dep : typeof dep === 'string' ? Date.parse(dep) : dep.getTime();
  if (!Number.isFinite(depMs)) throw new AirspaceError('ROUTE_INVALID', 'route: departureTime is not a valid instant');

  type Open = Omit<RouteConstraint, 'verdict'>;
  const passages: Open[] = [];
  const ceiling: Array<{ segmentIndex: number; decision: RuleDecision }> = [];
  for (let s = 0; s + 1 < wps.length; s++) {
    const a = wps[s]!, b = wps[s + 1]!;
    const [ax, ay] = xy[s]!, [bx, by] = xy[s + 1]!;
    const ceil = checkHeightCeiling(profile, Math.max(a.altAglM, b.altAglM));
    if (ceil.kind === 'obstacle') ceiling.push({ segmentIndex: s, decision: ceil });
    const segLen = cum[s + 1]! - cum[s]!;
    const at = (t: number): number => depMs + (tS[s]! + (tS[s + 1]! - tS[s]!) * t) * 1000;
    for (const c of zonesOnSegment(index, a, b, options)) {
      const f = facts(volumesOfZone(index, c.zone), c.zone, ax, ay, bx, by, a, b, c.t0, c.t1, at(c.t0), at(c.t1));
      const entryM = cum[s]! + c.t0 * segLen;
      const exitM = cum[s]! + c.t1 * segLen;
      const prev = [...passages].reverse().find((p) => p.zone === c.zone);
      if (prev && prev.lastSegment === s - 1 && Math.abs(prev.exitM - entryM) < 1e-6) {
        passages[passages.indexOf(prev)] = { ...prev, lastSegment: s, exitM, exit: c.exit, exitTime: new Date(f.toMs).toISOString(), passage: mergeFacts(prev.passage, f) };
        continue;
      }
      passages.push({
        zoneId: c.zone.id, zone: c.zone, firstSegment: s, lastSegment: s, entryM, exitM, entry: c.entry, exit: c.exit,
        entryTime: new Date(f.fromMs).toISOString(), exitTime: new Date(f.toMs).toISOString(), passage: f,
      });
    }
  }
  const constraints: RouteConstraint[] = passages
    .map((p) => ({ ...p, verdict: evaluateZone(p.zone, profile, { passage: p.passage }) }))
    .sort((p, q) => p.entryM - q.entryM || p.zoneId.localeCompare(q.zoneId));
  return {
    kind: worstKind([...constraints.map((c) => c.verdict.kind), ...ceiling.map((c) => c.decision.kind), 'free']),
    lengthM: cum[cum.length - 1]!,
    durationS: tS[tS.length - 1]! - tS[0]!,
    constraints,
    ceiling,
  };
}

/**
 * The verdict routeConstraints gives one crossing of the straight route a → b (timed from `depMs`
 * at `groundSpeedMps`), without judging the segment's other crossings: for a caller that knows
 * the rest needs no passage facts (a permanent zone whose plain verdict is free or obstacle keeps
 * it whatever the facts, since only conditional decisions are resolved against a passage).
 * @example
 * for (const c of zonesOnSegment(index, a, b, opts)) segmentPassageVerdict(index, profile, a, b, c, depMs, 11).kind;
 */
export function segmentPassageVerdict(index: AirspaceIndex, profile: OperationProfile, a: Position3D, b: Position3D, c: Pick<SegmentCrossing, 'zone' | 't0' | 't1'>, depMs: number, groundSpeedMps: number): ZoneVerdict {
  const [ax, ay] = toLocalXY(index.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(index.frame, b.lon, b.lat);
  // the same arithmetic as routeConstraints on the two waypoints [a, b]
  const tEnd = (0 + Math.hypot(bx - ax, by - ay)) / groundSpeedMps;
  const at = (t: number): number => depMs + (0 + (tEnd - 0) * t) * 1000;
  const f = facts(volumesOfZone(index, c.zone), c.zone, ax, ay, bx, by, a, b, c.t0, c.t1, at(c.t0), at(c.t1));
  return evaluateZone(c.zone, profile, { passage: f });
}
