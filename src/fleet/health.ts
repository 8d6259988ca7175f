/**
 * Pre-launch health: a delivery never starts on a vehicle that is not healthy (link, GPS, battery
 * for the planned energy plus reserve, on the ground and disarmed, at the route's start). Pure.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { distanceM } from '../geo/distance.js';
import type { Route } from '../planner/types.js';
import { FleetError } from './errors.js';

export interface HealthLimits {
  /** Telemetry older than this is stale (default 3 s). */
  staleMs: number;
  /** GPS_FIX_TYPE at least 3 (3D) and this many satellites. */
  minSatellites: number;
  /** The vehicle must stand within this distance of the route's start. */
  maxStartOffsetM: number;
}

export const DEFAULT_HEALTH_LIMITS: HealthLimits = { staleMs: 3_000, minSatellites: 6, maxStartOffsetM: 30 };

/** GPS_FIX_TYPE names (as the VehicleState reducer writes them) good enough to fly. */
const GOOD_FIX = new Set(['3D_FIX', 'DGPS', 'RTK_FLOAT', 'RTK_FIXED', 'STATIC', 'PPP']);

export type HealthCode = 'LINK_LOST' | 'TELEMETRY_STALE' | 'NO_POSITION' | 'GPS_NO_FIX' | 'GPS_FEW_SATELLITES' | 'BATTERY_UNKNOWN' | 'BATTERY_LOW_FOR_ROUTE' | 'ALREADY_ARMED' | 'NOT_ON_GROUND' | 'NOT_AT_START';

export interface HealthProblem {
  code: HealthCode;
  message: string;
}

export interface HealthReport {
  ok: boolean;
  problems: HealthProblem[];
}

/** Battery % a route needs: its energy plus the vehicle profile's reserve. */
export function requiredBatteryPct(route: Route): number {
  return (route.energyWh / route.request.vehicle.batteryWh) * 100 + route.request.vehicle.reservePct;
}

/**
 * Can this vehicle fly this route now?
 * @example checkLaunchHealth(session.state, route, Date.now()).problems.map((p) => p.code) // [] when ready
 */
export function checkLaunchHealth(s: VehicleState, route: Route | undefined, nowMs: number, limits: HealthLimits = DEFAULT_HEALTH_LIMITS): HealthReport {
  const problems: HealthProblem[] = [];
  const add = (code: HealthCode, message: string): void => void problems.push({ code, message });
  if (!s.connected) add('LINK_LOST', `vehicle ${s.sysid} sends no HEARTBEAT; check the link`);
  const posAt = s.lastMessageAtMs['GLOBAL_POSITION_INT'];
  if (!s.position || posAt === undefined) add('NO_POSITION', `vehicle ${s.sysid} has reported no position yet`);
  else if (nowMs - posAt > limits.staleMs) add('TELEMETRY_STALE', `vehicle ${s.sysid}'s last position is ${((nowMs - posAt) / 1000).toFixed(1)} s old`);
  if (!s.gps || !GOOD_FIX.has(s.gps.fixType)) add('GPS_NO_FIX', `vehicle ${s.sysid} has no 3D GPS fix (fix type ${s.gps?.fixType ?? 'unknown'})`);
  else if (s.gps.satellites !== undefined && s.gps.satellites < limits.minSatellites) add('GPS_FEW_SATELLITES', `vehicle ${s.sysid} sees ${s.gps.satellites} satellites; at least ${limits.minSatellites} are needed`);
  if (s.armed) add('ALREADY_ARMED', `vehicle ${s.sysid} is already armed; it may be flying another job`);
  if (s.landedState !== undefined && s.landedState !== 'ON_GROUND') add('NOT_ON_GROUND', `vehicle ${s.sysid} is ${s.landedState}, not on the ground`);
  const pct = s.battery?.remainingPct;
  if (pct === undefined) add('BATTERY_UNKNOWN', `vehicle ${s.sysid} reports no battery level`);
  if (route) {
    const need = requiredBatteryPct(route);
    if (pct !== undefined && pct < need) add('BATTERY_LOW_FOR_ROUTE', `battery at ${pct} % but the route needs ${need.toFixed(0)} % (${route.energyWh.toFixed(0)} Wh plus ${route.request.vehicle.reservePct} % reserve); charge or swap it`);
    const start = route.legs[0]?.from;
    if (start && s.position) {
      const off = distanceM(s.position, start);
      if (off > limits.maxStartOffsetM) add('NOT_AT_START', `vehicle ${s.sysid} stands ${off.toFixed(0)} m from the route's start; move it there or plan from its position`);
    }
  }
  return { ok: problems.length === 0, problems };
}

/**
 * The same checks for a manual arm: everything but the route-specific ones.
 * @throws FleetError VEHICLE_NOT_HEALTHY listing the problems
 */
export function assertHealthyToArm(s: VehicleState, nowMs: number, vehicleId: string, limits: HealthLimits = DEFAULT_HEALTH_LIMITS): void {
  const report = checkLaunchHealth(s, undefined, nowMs, limits);
  if (!report.ok) throw new FleetError('VEHICLE_NOT_HEALTHY', `${vehicleId} may not be armed now: ${report.problems.map((p) => p.message).join('; ')}`, { problems: report.problems });
}
