/**
 * Conformance monitoring: on every position update, is the vehicle where its plan and the airspace
 * allow? Pure: a context built once per delivery, then `checkConformance(ctx, state, now)` returns
 * the violations seen now (trackAlerts turns them into raised/cleared alerts).
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import type { OperationProfile } from '../airspace/profile.js';
import { evaluateZone } from '../airspace/evaluate-zone.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import { zonesAtPoint } from '../airspace/query/zones-at-point.js';
import { createLocalFrame, type LocalFrame } from '../geo/local-frame.js';
import { toLocalXY } from '../geo/to-local.js';
import type { Route } from '../planner/types.js';
import type { AlertSeverity, Violation } from './alerts.js';
import { autopilotReason, type FailsafeEvent } from './autopilot-reason.js';

export interface ConformanceLimits {
  /** Allowed lateral distance from the planned track (default 50 m). */
  corridorHalfWidthM: number;
  /** Allowed deviation from the planned height on cruise legs (default 20 m). */
  altitudeBandM: number;
  /** Telemetry older than this is stale (default 3 s). */
  staleMs: number;
  /** Below this height the vehicle counts as on the ground for corridor checks (default 3 m). */
  airborneAboveM: number;
}

export const DEFAULT_CONFORMANCE_LIMITS: ConformanceLimits = { corridorHalfWidthM: 50, altitudeBandM: 20, staleMs: 3_000, airborneAboveM: 3 };

export interface ConformanceContext {
  readonly route: Route;
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  readonly groundAmslM: number;
  readonly limits: ConformanceLimits;
  readonly frame: LocalFrame;
  /** Route vertices in the local frame with planned height, distance and energy so far. */
  readonly track: readonly { x: number; y: number; altAglM: number; distM: number; energyWh: number; legKind: string }[];
  readonly plannedZoneIds: ReadonlySet<string>;
  /**
   * Where the plan changes height on the spot (take-off climb, a climb before a waterway, the
   * descent to land), with the heights it passes through: near them any height in that range is
   * the flight's phase, not a deviation.
   */
  readonly verticals: readonly { x: number; y: number; minAglM: number; maxAglM: number }[];
}

/** What the autopilot itself said, for alerts that should carry its reason. */
export interface AutopilotWords {
  /** The latest failsafe EVENT PX4 sent during this delivery. */
  failsafeEvent?: FailsafeEvent;
  /** Only texts from this time on count (the delivery's launch). */
  sinceMs: number;
}

/**
 * Prepare a route for monitoring (once per delivery).
 * @example const ctx = conformanceContext(route, index, profile, 10)
 */
export function conformanceContext(route: Route, index: AirspaceIndex, profile: OperationProfile, groundAmslM: number, limits: ConformanceLimits = DEFAULT_CONFORMANCE_LIMITS): ConformanceContext {
  const first = route.legs[0]?.from ?? route.request.from;
  const frame = createLocalFrame(first);
  const track: { x: number; y: number; altAglM: number; distM: number; energyWh: number; legKind: string }[] = [];
  const verticals: { x: number; y: number; minAglM: number; maxAglM: number }[] = [];
  let dist = 0;
  let energy = 0;
  route.legs.forEach((leg, i) => {
    if (i === 0) {
      const [x, y] = toLocalXY(frame, leg.from.lon, leg.from.lat);
      track.push({ x, y, altAglM: leg.from.altAglM, distM: 0, energyWh: 0, legKind: leg.kind });
    }
    dist += leg.horizontalM;
    energy += leg.energyWh;
    const [x, y] = toLocalXY(frame, leg.to.lon, leg.to.lat);
    track.push({ x, y, altAglM: leg.to.altAglM, distM: dist, energyWh: energy, legKind: leg.kind });
    if (leg.horizontalM < 1 && leg.from.altAglM !== leg.to.altAglM) verticals.push({ x, y, minAglM: Math.min(leg.from.altAglM, leg.to.altAglM), maxAglM: Math.max(leg.from.altAglM, leg.to.altAglM) });
  });
  return { route, index, profile, groundAmslM, limits, frame, track, plannedZoneIds: new Set(route.zones.map((z) => z.zoneId)), verticals };
}

interface Projection {
  lateralM: number;
  /** Planned height and the route's energy used up to the projected point. */
  altAglM: number;
  energyWh: number;
  legKind: string;
}

/** Nearest point of the planned track to (x, y). */
function project(ctx: ConformanceContext, x: number, y: number): Projection {
  let best: Projection = { lateralM: Infinity, altAglM: 0, energyWh: 0, legKind: 'cruise' };
  const t = ctx.track;
  if (t.length === 1) return { lateralM: Math.hypot(x - t[0]!.x, y - t[0]!.y), altAglM: t[0]!.altAglM, energyWh: 0, legKind: t[0]!.legKind };
  for (let i = 1; i < t.length; i++) {
    const a = t[i - 1]!;
    const b = t[i]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
    const d = Math.hypot(x - (a.x + u * dx), y - (a.y + u * dy));
    if (d < best.lateralM) {
      best = { lateralM: d, altAglM: a.altAglM + u * (b.altAglM - a.altAglM), energyWh: a.energyWh + u * (b.energyWh - a.energyWh), legKind: b.legKind };
    }
  }
  return best;
}

/**
 * What is wrong with the vehicle's situation right now, judged against its plan and the airspace.
 * @example checkConformance(ctx, session.state, Date.now()).map((v) => v.code) // ['OFF_CORRIDOR']
 */
export function checkConformance(ctx: ConformanceContext, s: VehicleState, nowMs: number, autopilot?: AutopilotWords): Violation[] {
  const out: Violation[] = [];
  const v = (code: Violation['code'], severity: AlertSeverity, message: string, extra: Partial<Violation> = {}): void => void out.push({ code, severity, message, ...extra });
  if (!s.connected) v('LINK_LOST', 'critical', `no HEARTBEAT from vehicle ${s.sysid}; it will follow its data-link-loss failsafe`);
  if (s.systemStatus === 'CRITICAL') {
    // The autopilot's own reason (STATUSTEXT, failsafe EVENT): the ground staff need the why, not the flag.
    const why = autopilot ? autopilotReason(s.statusTexts.recent, autopilot.sinceMs, autopilot.failsafeEvent) : undefined;
    v('VEHICLE_FAILSAFE', 'warning', why ? `vehicle ${s.sysid} reports a failsafe: ${why}` : `vehicle ${s.sysid} reports a failsafe (system status CRITICAL)`, why ? { details: { reason: why } } : {});
  }
  const posAt = s.lastMessageAtMs['GLOBAL_POSITION_INT'];
  if (!s.position || posAt === undefined) return out;
  if (nowMs - posAt > ctx.limits.staleMs) {
    v('TELEMETRY_STALE', 'warning', `no position from vehicle ${s.sysid} for ${((nowMs - posAt) / 1000).toFixed(1)} s`);
    return out; // judging an old position would raise stale alerts of its own
  }
  const p = s.position;
  const altAglM = p.relAltM; // flat ground: home stands on the ground
  const [x, y] = toLocalXY(ctx.frame, p.lon, p.lat);
  const proj = project(ctx, x, y);
  const airborne = altAglM > ctx.limits.airborneAboveM;
  if (airborne && proj.lateralM > ctx.limits.corridorHalfWidthM) {
    const severity = proj.lateralM > 2 * ctx.limits.corridorHalfWidthM ? 'critical' : 'warning';
    v('OFF_CORRIDOR', severity, `vehicle ${s.sysid} is ${proj.lateralM.toFixed(0)} m from its planned track (corridor ±${ctx.limits.corridorHalfWidthM} m)`, { details: { lateralM: proj.lateralM } });
  }
  // Only in cruise: during PX4's TAKEOFF and LANDING phases the height is supposed to change (the
  // nearest point of the track can be the cruise leg above the pad while the vehicle still climbs).
  const cruising = s.landedState === undefined || s.landedState === 'IN_AIR';
  // PX4 climbs to the first height inside Mission mode ("Climb to 60 m above home") with landed
  // state IN_AIR, so the phase comes from where the vehicle is: over a point where the plan climbs
  // or descends, any height of that climb is right.
  const vertical = ctx.verticals.find((q) => Math.hypot(x - q.x, y - q.y) <= ctx.limits.corridorHalfWidthM);
  const inTransition = vertical !== undefined && altAglM >= vertical.minAglM - ctx.limits.altitudeBandM && altAglM <= vertical.maxAglM + ctx.limits.altitudeBandM;
  if (airborne && cruising && !inTransition && proj.legKind === 'cruise' && Math.abs(altAglM - proj.altAglM) > ctx.limits.altitudeBandM) {
    v('ALTITUDE_OUT_OF_BAND', 'warning', `vehicle ${s.sysid} flies at ${altAglM.toFixed(0)} m AGL; the plan says ${proj.altAglM.toFixed(0)} m ± ${ctx.limits.altitudeBandM} m`, { details: { altAglM, plannedAglM: proj.altAglM } });
  }
  if (altAglM > ctx.profile.heightCeilingAglM) {
    v('ABOVE_CEILING', 'critical', `vehicle ${s.sysid} is at ${altAglM.toFixed(0)} m AGL, above the ${ctx.profile.heightCeilingAglM} m ceiling (HEIGHT-CEILING-120)`);
  }
  if (airborne) {
    for (const hit of zonesAtPoint(ctx.index, { lat: p.lat, lon: p.lon, altAglM }, { groundAmslM: ctx.groundAmslM })) {
      const zone = hit.zone;
      if (ctx.plannedZoneIds.has(zone.id)) continue; // authorised when the route was planned
      const verdict = evaluateZone(zone, ctx.profile, { at: nowMs });
      const rule = verdict.decisions[0]?.ruleId;
      if (verdict.kind === 'obstacle') v('IN_PROHIBITED_ZONE', 'critical', `vehicle ${s.sysid} is inside ${zone.id} (${zone.name}), which it may not enter (${rule})`, { key: zone.id, details: { zoneId: zone.id, ruleId: rule } });
      else if (verdict.kind === 'conditional') v('IN_UNPLANNED_ZONE', 'warning', `vehicle ${s.sysid} is inside ${zone.id} (${zone.name}), which the plan did not cross; its conditions (${rule}) are unchecked`, { key: zone.id, details: { zoneId: zone.id, ruleId: rule } });
    }
  }
  const pct = s.battery?.remainingPct;
  if (pct !== undefined && s.armed) {
    const vehicle = ctx.route.request.vehicle;
    const remainingWh = Math.max(0, ctx.route.energyWh - proj.energyWh);
    const needPct = (remainingWh / vehicle.batteryWh) * 100 + vehicle.reservePct;
    // BATTERY_STATUS.battery_remaining is a whole percent: a shortfall below that resolution is noise, not a finding.
    if (pct < needPct - BATTERY_REPORT_RESOLUTION_PCT) {
      v('BATTERY_INSUFFICIENT', 'critical', `battery at ${pct} % but the rest of the route needs ${needPct.toFixed(0)} % (${remainingWh.toFixed(0)} Wh plus ${vehicle.reservePct} % reserve)`, { details: { pct, needPct } });
    }
  }
  return out;
}

/** The resolution of the autopilot's battery report (MAVLink BATTERY_STATUS.battery_remaining, integer %). */
export const BATTERY_REPORT_RESOLUTION_PCT = 1;

export type Reaction = 'none' | 'hold' | 'rtl';

/** The automatic reaction to newly raised alerts: only critical ones act, and only as configured. */
export function reactionFor(raised: readonly Violation[], configured: Reaction): Reaction {
  if (configured === 'none') return 'none';
  // Link loss is handled by the vehicle's own failsafe: a command would not arrive anyway.
  return raised.some((a) => a.severity === 'critical' && a.code !== 'LINK_LOST') ? configured : 'none';
}
