/**
 * Dispatch: which vehicle flies a delivery when the operator names none. Every vehicle is judged by
 * the launch health check for this route (link up, fresh position, GPS, on the ground and disarmed,
 * battery for the route's energy plus the reserve, standing at the start) and must not be flying
 * another delivery; of those that qualify the nearest to the start wins, then the fuller battery.
 * Pure: the answer names the choice and why, and why every other vehicle was not chosen.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { distanceM } from '../geo/distance.js';
import type { Route } from '../planner/types.js';
import { checkLaunchHealth, DEFAULT_HEALTH_LIMITS, requiredBatteryPct, type HealthLimits } from './health.js';

export interface DispatchCandidate {
  readonly id: string;
  readonly state: VehicleState;
  /** Now on the vehicle's clock (its telemetry timestamps are on it). */
  readonly nowMs: number;
  /** The delivery it is busy with, if any. */
  readonly busyWith?: string;
}

export interface DispatchChoice {
  readonly vehicleId: string | undefined;
  readonly reason: string;
  readonly rejected: readonly { vehicleId: string; reasons: string[] }[];
  readonly ranked: readonly { vehicleId: string; distanceM: number; batteryPct: number }[];
}

/**
 * @example chooseVehicle(fleet.vehicles().map((v) => ({ id: v.id, state: v.session.state, nowMs: v.clock.now() })), route).vehicleId // 'sim/2'
 */
export function chooseVehicle(candidates: readonly DispatchCandidate[], route: Route, limits: HealthLimits = DEFAULT_HEALTH_LIMITS): DispatchChoice {
  const start = route.legs[0]?.from ?? route.request.from;
  const rejected: { vehicleId: string; reasons: string[] }[] = [];
  const ok: { vehicleId: string; distanceM: number; batteryPct: number }[] = [];
  for (const c of candidates) {
    const reasons: string[] = [];
    if (c.busyWith) reasons.push(`busy with delivery ${c.busyWith}`);
    const health = checkLaunchHealth(c.state, route, c.nowMs, limits);
    reasons.push(...health.problems.map((p) => `${p.code}: ${p.message}`));
    if (reasons.length) rejected.push({ vehicleId: c.id, reasons });
    else ok.push({ vehicleId: c.id, distanceM: distanceM(c.state.position!, start), batteryPct: c.state.battery?.remainingPct ?? 0 });
  }
  ok.sort((a, b) => a.distanceM - b.distanceM || b.batteryPct - a.batteryPct || a.vehicleId.localeCompare(b.vehicleId));
  const best = ok[0];
  if (!best) return { vehicleId: undefined, reason: `no vehicle qualifies: ${rejected.map((r) => `${r.vehicleId} (${r.reasons.map((x) => x.split(':')[0]).join(', ')})`).join('; ') || 'no vehicle is known'}`, rejected, ranked: ok };
  const need = requiredBatteryPct(route);
  const others = ok.length > 1 ? `; ${ok.length - 1} other qualifying vehicle(s) stand farther (next: ${ok[1]!.vehicleId} at ${ok[1]!.distanceM.toFixed(0)} m)` : '';
  return {
    vehicleId: best.vehicleId,
    reason: `${best.vehicleId}: on the ground and disarmed, link and GPS good, ${best.distanceM.toFixed(0)} m from the start, battery ${best.batteryPct} % (route needs ${need.toFixed(0)} % with reserve)${others}${rejected.length ? `; not eligible: ${rejected.map((r) => r.vehicleId).join(', ')}` : ''}`,
    rejected,
    ranked: ok,
  };
}
