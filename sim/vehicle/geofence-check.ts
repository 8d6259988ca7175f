/**
 * The navigator's geofence check (PX4 1.16 `navigator_main.cpp` `geofence_breach_check`): every time
 * more than GEOFENCE_CHECK_INTERVAL (200 ms) has passed, test one point against the fence, the
 * maximum distance and the maximum altitude. With GF_PREDICT=1 the point lies ahead along the
 * horizontal velocity at the braking distance (`computeBrakingDistanceMultirotor`) and its altitude
 * is shifted by the vertical braking distance; with GF_PREDICT=0 it is the current position.
 * The result (three flags) is what the commander's failsafe reacts to (failsafe.ts).
 */
import { brakingDistanceHorizontal, brakingDistanceVertical, GEOFENCE_CHECK_INTERVAL_S, type BrakingParams } from '../physics/braking.js';
import { checkPoint, type FenceBreach, type NEU } from './geofence.js';
import type { Px4Vehicle } from './vehicle.js';

export const NO_BREACH: FenceBreach = { maxDist: false, maxAlt: false, fence: false };

export function brakingParams(v: Px4Vehicle): BrakingParams {
  const p = v.params;
  return { accHor: p.get('MPC_ACC_HOR'), accHorMax: p.get('MPC_ACC_HOR_MAX'), jerkAuto: p.get('MPC_JERK_AUTO'), accUpMax: p.get('MPC_ACC_UP_MAX'), accDownMax: p.get('MPC_ACC_DOWN_MAX') };
}

/**
 * The point PX4 tests now. Bearing atan2(vy, vx): at rest that is north, so a hovering vehicle's
 * test point sits ≈5.4 m north of it (the predictor starts with MPC_ACC_HOR_MAX still applied).
 */
export function geofenceTestPoint(v: Px4Vehicle, predict: boolean): NEU {
  const b = v.s.body;
  if (!predict) return { n: b.n, e: b.e, up: b.up };
  const speed = Math.hypot(b.vn, b.ve);
  const bearing = Math.atan2(b.ve, b.vn);
  const bp = brakingParams(v);
  const d = brakingDistanceHorizontal(speed, bp);
  return { n: b.n + d * Math.cos(bearing), e: b.e + d * Math.sin(bearing), up: b.up + brakingDistanceVertical(b.vu, bp) };
}

/** Run the check if it is due; returns true when it ran (s.geofence updated). */
export function runGeofenceCheck(v: Px4Vehicle): boolean {
  const s = v.s;
  const g = s.geofence;
  if (v.params.get('GF_ACTION') === 0) {
    g.breach = NO_BREACH;
    return false;
  }
  if (s.t - g.lastCheck <= GEOFENCE_CHECK_INTERVAL_S + 1e-9) return false;
  g.lastCheck = s.t;
  const point = geofenceTestPoint(v, v.params.get('GF_PREDICT') !== 0);
  const home = s.homeValid ? { ...v.local(s.home), up: v.upFromRel(0) } : undefined;
  const limits = { maxHorDist: v.params.get('GF_MAX_HOR_DIST'), maxVerDist: v.params.get('GF_MAX_VER_DIST') };
  const now = checkPoint(point, s.fenceAreas, home, limits);
  // While holding after a GF_ACTION=Hold breach, PX4 only sets flags, never clears them.
  g.breach = g.holdSince !== undefined ? { maxDist: g.breach.maxDist || now.maxDist, maxAlt: g.breach.maxAlt || now.maxAlt, fence: g.breach.fence || now.fence } : now;
  g.testPoint = point;
  return true;
}
