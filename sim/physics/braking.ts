/**
 * PX4's braking-distance predictor for the geofence (pure). A port of PX4 1.16
 * `src/lib/motion_planning/VelocitySmoothing.cpp` (minimum-time jerk-limited profile) as used by
 * `src/modules/navigator/GeofenceBreachAvoidance/geofence_breach_avoidance.cpp`
 * `computeBrakingDistanceMultirotor()` / `computeVerticalBrakingDistanceMultirotor()`.
 *
 * PX4 starts the predictor with the acceleration max(MPC_ACC_HOR, MPC_ACC_HOR_MAX) still pointing
 * forward (an "acceleration delay"), so at 9.9 m/s with the defaults the distance is ≈ 48 m, not the
 * v²/2a ≈ 16 m a constant deceleration would give; the geofence adds 0.2 s × speed on top.
 */

/** navigator GEOFENCE_CHECK_INTERVAL_US: the geofence is evaluated when more than 200 ms have passed. */
export const GEOFENCE_CHECK_INTERVAL_S = 0.2;

const EPS = 1.1920929e-7; // FLT_EPSILON

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** The position reached when a VelocitySmoothing profile from (a0, v0, x=0) toward vSp has run to its end. */
export function smoothedStopDistance(a0: number, v0: number, maxAccel: number, maxJerk: number, maxVel: number, vSp = 0): number {
  const velSp = Math.min(Math.max(vSp, -maxVel), maxVel);
  // computeDirection(): the velocity once the current acceleration has been ramped to zero.
  let velZeroAcc = v0;
  if (Math.abs(a0) > EPS) {
    const jZero = -sign(a0) * maxJerk;
    const tZero = -a0 / jZero;
    velZeroAcc = v0 + a0 * tZero + 0.5 * jZero * tZero * tZero;
  }
  let dir = sign(velSp - velZeroAcc);
  if (dir === 0) dir = sign(a0);
  const j = dir * maxJerk;
  const dv = velSp - v0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  if (Math.abs(j) > EPS) {
    t1 = computeT1(a0, dv, j, maxAccel);
    t3 = Math.max(a0 / j + t1, 0);
    const den = a0 + j * t1;
    if (Math.abs(den) > EPS) t2 = (-0.5 * t1 * t1 * j - t1 * t3 * j - t1 * a0 + 0.5 * t3 * t3 * j - t3 * a0 + dv) / den;
    t2 = Math.max(t2, 0);
  }
  // updateTraj(total time): T1 at jerk dir·j, T2 at constant acceleration, T3 at −dir·j.
  let s = poly(maxJerk * dir, a0, v0, 0, t1);
  s = poly(0, s.a, s.v, s.x, t2);
  s = poly(-maxJerk * dir, s.a, s.v, s.x, t3);
  return s.x;
}

function computeT1(a0: number, v3: number, j: number, aMax: number): number {
  const delta = 2 * a0 * a0 + 4 * j * v3;
  if (delta < 0) return 0;
  const sq = Math.sqrt(delta);
  const tPlus = (-a0 + 0.5 * sq) / j;
  const tMinus = (-a0 - 0.5 * sq) / j;
  let t1 = 0;
  if (tPlus >= 0 && a0 / j + tPlus >= 0) t1 = tPlus;
  else if (tMinus >= 0 && a0 / j + tMinus >= 0) t1 = tMinus;
  // saturateT1ForAccel
  const aT1 = a0 + j * t1;
  if (aT1 > aMax) t1 = (aMax - a0) / j;
  else if (aT1 < -aMax) t1 = (-aMax - a0) / j;
  return Math.max(t1, 0);
}

function poly(j: number, a0: number, v0: number, x0: number, t: number): { a: number; v: number; x: number } {
  return { a: a0 + j * t, v: v0 + a0 * t + 0.5 * j * t * t, x: x0 + v0 * t + 0.5 * a0 * t * t + (j * t * t * t) / 6 };
}

export interface BrakingParams {
  accHor: number; // MPC_ACC_HOR
  accHorMax: number; // MPC_ACC_HOR_MAX
  jerkAuto: number; // MPC_JERK_AUTO
  accUpMax: number; // MPC_ACC_UP_MAX
  accDownMax: number; // MPC_ACC_DOWN_MAX
}

/**
 * computeBrakingDistanceMultirotor(): horizontal test-point distance for a horizontal speed.
 * @example brakingDistanceHorizontal(9.9, PX4_BRAKING_DEFAULTS) // ≈ 50.1 m
 */
export function brakingDistanceHorizontal(speed: number, p: BrakingParams): number {
  const accelDelayMax = Math.max(p.accHor, p.accHorMax);
  return smoothedStopDistance(accelDelayMax, speed, p.accHor, p.jerkAuto, speed) + GEOFENCE_CHECK_INTERVAL_S * speed;
}

/** computeVerticalBrakingDistanceMultirotor(): signed (up positive) vertical test-point offset for a climb rate. */
export function brakingDistanceVertical(climbRate: number, p: BrakingParams): number {
  const accelDelayMax = Math.max(p.accUpMax, p.accDownMax);
  const v = Math.abs(climbRate);
  const d = smoothedStopDistance(accelDelayMax, v, climbRate > 0 ? p.accDownMax : p.accUpMax, p.jerkAuto, v) + GEOFENCE_CHECK_INTERVAL_S * v;
  return sign(climbRate) * d;
}

export const PX4_BRAKING_DEFAULTS: BrakingParams = { accHor: 3, accHorMax: 5, jerkAuto: 4, accUpMax: 4, accDownMax: 3 };

/**
 * PX4 TrajMath `computeMaxSpeedInWaypoint`: the speed at which a multicopter may pass a waypoint
 * whose legs meet at angle alpha (π = straight on), turning inside the acceptance radius d.
 */
export function maxSpeedInWaypoint(alpha: number, accel: number, d: number): number {
  return Math.sqrt(accel * d * Math.tan(alpha / 2));
}

/**
 * PX4 TrajMath `computeStartXYSpeedFromWaypoints` for the corner at `target` (FlightTaskAuto
 * `_getMaxXYSpeed`): the speed allowed at the target when the next waypoint follows at the same
 * altitude, 0 when the vehicle must stop there. Points are local {n, e, up}.
 */
export function speedAtWaypoint(
  from: { n: number; e: number; up: number },
  target: { n: number; e: number; up: number },
  next: { n: number; e: number; up: number } | undefined,
  c: { cruise: number; accHor: number; trajP: number; accRad: number; altRad: number },
): number {
  if (!next) return 0;
  const dNext = Math.hypot(target.n - next.n, target.e - next.e);
  const reachedAlt = Math.abs(target.up - from.up) < c.altRad;
  const sameAlt = Math.abs(next.up - target.up) < c.altRad;
  if (!(dNext > 0.001) || dNext < c.accRad || !reachedAlt || !sameAlt) return 0;
  const u1 = unit(target.n - from.n, target.e - from.e);
  const u2 = unit(target.n - next.n, target.e - next.e);
  const alpha = Math.acos(Math.min(1, Math.max(-1, u1.n * u2.n + u1.e * u2.e)));
  const turn = maxSpeedInWaypoint(Math.min(Math.max(alpha, 0), Math.PI - EPS), c.trajP * c.accHor, c.accRad);
  return Math.min(turn, c.cruise);
}

function unit(n: number, e: number): { n: number; e: number } {
  const l = Math.hypot(n, e);
  return l > 0 ? { n: n / l, e: e / l } : { n: 0, e: 0 };
}
