/**
 * Check any mission (imported `.plan`/WPL or hand-made) against the airspace with the planner's
 * rules: the flight path the items describe, leg by leg, through `routeConstraints`. Pure.
 *
 * Flight path model (PX4 multicopter): NAV_TAKEOFF climbs straight up at home, then flies level
 * to the item's own position when it has one elsewhere (PX4 Mission::handleTakeoff: a vehicle on a
 * pad beside the planned start goes there before the route); positional NAV items fly straight to
 * their point (height linear); NAV_LAND flies level to its point, then
 * descends; NAV_RETURN_TO_LAUNCH flies level home, then descends; DO_JUMP is followed
 * (param1 = target seq, param2 = repeats); other DO_* items do not move the vehicle.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { AirspaceError, routeConstraints, worstKind, type AirspaceIndex, type DecisionKind, type OperationProfile, type Position3D } from '../airspace/index.js';
import type { LatLon, Terrain } from '../planner/types.js';
import { horizontalM } from './build-mission.js';
import { obstacleSetFor, obstacleViolationsPerLeg, type MissionObstacles } from './obstacle-check.js';
import { AMSL_FRAMES, fromE7, GLOBAL_FRAMES, MAV_CMD, RELATIVE_FRAMES, TERRAIN_FRAMES } from './mav.js';

export interface ValidateMissionOptions {
  readonly homeAmslM: number;
  /** Default: the position of the first positional item. */
  readonly home?: LatLon;
  /** ISO departure time (default: the profile's). */
  readonly departAt?: string;
  readonly groundSpeedMps: number;
  /** Climb/descent speed for timing vertical legs (default 2 m/s). */
  readonly verticalSpeedMps?: number;
  readonly terrain?: Terrain;
  /** Vertical obstacles: a leg in a structure's keep-out volume is an OBSTACLE-CLEARANCE violation. */
  readonly obstacles?: MissionObstacles;
  /**
   * Points where a structure's clearance is relaxed as beside a take-off or landing point, besides
   * the mission's own ground points (the launch check: the planned start when the vehicle stands
   * on a pad beside it, as the planner and conformance relax it).
   */
  readonly pads?: readonly LatLon[];
}

export interface Violation {
  readonly kind: 'obstacle' | 'conditional';
  readonly ruleId: string;
  readonly zoneId?: string;
  readonly sentence: string;
}

/** One straight piece of the flight path, from the item with sequence number `seq`. */
export interface FlownLeg {
  readonly seq: number;
  readonly command: number;
  readonly from: Position3D;
  readonly to: Position3D;
  readonly violations: readonly Violation[];
}

export interface MissionValidation {
  /** No obstacle on any leg (conditional passages need the listed conditions). */
  readonly ok: boolean;
  readonly kind: DecisionKind;
  readonly legs: readonly FlownLeg[];
  readonly violations: ReadonlyArray<Violation & { readonly legIndex: number; readonly seq: number }>;
  readonly warnings: readonly string[];
}

/** Items processed at most (DO_JUMP loops). */
export const MAX_STEPS = 10_000;

/**
 * Validate mission items against an airspace index and operation profile.
 * @example
 * const v = validateMission(parseQgcPlan(text).mission, index, profile, { homeAmslM: 10, groundSpeedMps: 10 });
 * v.ok; v.violations.map((x) => `${x.seq} ${x.zoneId} ${x.ruleId}`);
 */
export function validateMission(items: readonly MissionItem[], index: AirspaceIndex, profile: OperationProfile, options: ValidateMissionOptions): MissionValidation {
  const warnings: string[] = [];
  const ground = (p: LatLon): number => options.terrain?.groundAmslM(p) ?? options.homeAmslM;
  const mission = items.filter((i) => i.missionType === 'mission');
  if (mission.length !== items.length) warnings.push(`${items.length - mission.length} fence/rally items ignored: validate the mission items only`);
  const terrain = mission.filter((it) => TERRAIN_FRAMES.has(it.frame)).map((it) => it.seq);
  // Checked against real PX4 v1.16 SITL (test/px4-sitl/mission-frames.test.ts): the whole upload is refused.
  if (terrain.length) warnings.push(`item(s) ${terrain.join(', ')} use a terrain frame (10/11, above terrain): PX4 v1.16 refuses such a mission upload (MAV_MISSION_UNSUPPORTED_FRAME); only ArduPilot flies terrain frames. Judged here as heights above the terrain data elbflug has`);
  // hostile input: every position and height the flight path uses must be a real one, named by item and field
  for (const it of mission) {
    if (!GLOBAL_FRAMES.has(it.frame)) continue;
    const lat = fromE7(it.x), lon = fromE7(it.y);
    const bad = !Number.isFinite(lat) || Math.abs(lat) > 90 ? ['x', `latitude ${lat}`] : !Number.isFinite(lon) || Math.abs(lon) > 180 ? ['y', `longitude ${lon}`]
      : !Number.isFinite(it.z) ? ['z', `altitude ${String(it.z)}`] : undefined;
    if (bad) throw new AirspaceError('ROUTE_INVALID', `mission item ${it.seq}: ${bad[1]} is not a position or height that can be flown (field ${bad[0]})`, { item: it.seq, field: bad[0] });
  }
  const posOf = (it: MissionItem): LatLon | undefined => (GLOBAL_FRAMES.has(it.frame) && (it.x !== 0 || it.y !== 0) ? { lat: fromE7(it.x), lon: fromE7(it.y) } : undefined);
  const firstPos = mission.map(posOf).find((p) => p !== undefined);
  const home = options.home ?? firstPos;
  if (!home) return { ok: true, kind: 'free', legs: [], violations: [], warnings: [...warnings, 'the mission has no positions; nothing to check'] };
  const agl = (it: MissionItem, p: LatLon): number | undefined => {
    if (RELATIVE_FRAMES.has(it.frame)) return it.z + options.homeAmslM - ground(p);
    if (AMSL_FRAMES.has(it.frame)) return it.z - ground(p);
    if (TERRAIN_FRAMES.has(it.frame)) return it.z;
    return undefined;
  };

  const pieces: Array<{ seq: number; command: number; from: Position3D; to: Position3D }> = [];
  let cur: Position3D = { lat: home.lat, lon: home.lon, altAglM: 0 };
  const go = (seq: number, command: number, to: Position3D): void => {
    if (horizontalM(cur, to) < 0.01 && Math.abs(cur.altAglM - to.altAglM) < 0.01) return;
    pieces.push({ seq, command, from: cur, to });
    cur = to;
  };
  const jumps = new Map<number, number>();
  let i = 0;
  for (let steps = 0; i < mission.length && steps < MAX_STEPS; steps++) {
    const it = mission[i]!;
    const p = posOf(it);
    const alt = (q: LatLon): number => agl(it, q) ?? cur.altAglM;
    if (it.command === MAV_CMD.DO_JUMP) {
      const left = jumps.get(i) ?? (it.param2 < 0 ? 1 : it.param2);
      if (it.param2 < 0 && !jumps.has(i)) warnings.push(`item ${it.seq}: DO_JUMP repeats forever; checked one repeat`);
      if (left > 0 && Number.isInteger(it.param1) && it.param1 >= 0 && it.param1 < mission.length) {
        jumps.set(i, left - 1);
        i = it.param1;
        continue;
      }
      if (!(it.param1 >= 0 && it.param1 < mission.length)) warnings.push(`item ${it.seq}: DO_JUMP to ${it.param1}, which is not an item; ignored`);
    } else if (it.command === MAV_CMD.NAV_TAKEOFF) {
      go(it.seq, it.command, { lat: cur.lat, lon: cur.lon, altAglM: alt(cur) });
      if (p) go(it.seq, it.command, { lat: p.lat, lon: p.lon, altAglM: alt(p) });
    } else if (it.command === MAV_CMD.NAV_LAND) {
      const q = p ?? cur;
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: cur.altAglM });
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: 0 });
    } else if (it.command === MAV_CMD.NAV_RETURN_TO_LAUNCH) {
      go(it.seq, it.command, { lat: home.lat, lon: home.lon, altAglM: cur.altAglM });
      go(it.seq, it.command, { lat: home.lat, lon: home.lon, altAglM: 0 });
    } else if (it.command < 100 && GLOBAL_FRAMES.has(it.frame)) {
      if (agl(it, cur) === undefined) warnings.push(`item ${it.seq}: frame ${it.frame} has no height reference we know; kept the current height`);
      const q = p ?? cur;
      go(it.seq, it.command, { lat: q.lat, lon: q.lon, altAglM: alt(q) });
    }
    i += 1;
  }
  if (i < mission.length) warnings.push(`stopped after ${MAX_STEPS} items: the DO_JUMP loops do not end`);
  if (!pieces.length) return { ok: true, kind: 'free', legs: [], violations: [], warnings };

  const waypoints = [pieces[0]!.from, ...pieces.map((q) => q.to)];
  const t = [0];
  pieces.forEach((q) => t.push(t[t.length - 1]! + horizontalM(q.from, q.to) / options.groundSpeedMps + Math.abs(q.to.altAglM - q.from.altAglM) / (options.verticalSpeedMps ?? 2)));
  const check = routeConstraints(index, { waypoints, timeOffsetsS: t, ...(options.departAt ? { departureTime: options.departAt } : {}) }, profile, {
    groundAmslM: options.terrain ? (q) => options.terrain!.groundAmslM(q) : options.homeAmslM,
  });
  const perLeg: Violation[][] = pieces.map(() => []);
  for (const c of check.constraints) {
    if (c.verdict.kind !== 'obstacle' && c.verdict.kind !== 'conditional') continue;
    const v = c.verdict.decisions.filter((d) => d.kind === 'obstacle' || d.kind === 'conditional');
    for (let s = c.firstSegment; s <= c.lastSegment; s++) {
      for (const d of v) perLeg[s]!.push({ kind: d.kind as Violation['kind'], ruleId: d.ruleId, zoneId: c.zoneId, sentence: d.sentence });
    }
  }
  for (const c of check.ceiling) perLeg[c.segmentIndex]!.push({ kind: 'obstacle', ruleId: c.decision.ruleId, sentence: c.decision.sentence });
  if (options.obstacles) {
    const from = Date.parse(options.departAt ?? profile.departureTime);
    // take-off and landing points (on the ground) may stand beside a structure: relaxForEndpoints
    const pads = [...pieces.flatMap((q) => [q.from, q.to]).filter((q) => q.altAglM <= 0.5), ...(options.pads ?? [])];
    const set = obstacleSetFor(options.obstacles, index.frame, options.terrain ?? options.homeAmslM, Number.isFinite(from) ? { fromMs: from, toMs: from + t[t.length - 1]! * 1000 } : undefined, pads);
    obstacleViolationsPerLeg(set, pieces).forEach((v, k) => perLeg[k]!.push(...v));
  }
  const legs = pieces.map((q, k) => ({ ...q, violations: perLeg[k]! }));
  const violations = legs.flatMap((l, legIndex) => l.violations.map((v) => ({ ...v, legIndex, seq: l.seq })));
  const kind = worstKind([check.kind, ...violations.map((v) => v.kind)]);
  return { ok: !violations.some((v) => v.kind === 'obstacle'), kind, legs, violations, warnings };
}
