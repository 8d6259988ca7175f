/**
 * Point-mass multicopter with PX4's default position-controller limits (pure, no I/O).
 *
 * The vehicle follows a setpoint the way PX4's auto modes do, shaped by the measured profiles in
 * ../shared/px4/README.md (delivery-flight, rtl):
 *   climb   ≈ MPC_TKO_SPEED (1.5 m/s) below MPC_LAND_ALT1 (10 m), then MPC_Z_V_AUTO_UP (3 m/s),
 *           slowing down near the target altitude;
 *   descent MPC_Z_V_AUTO_DN (1.5 m/s) above MPC_LAND_ALT1, blended to MPC_LAND_SPEED (0.7 m/s)
 *           at MPC_LAND_ALT2 (5 m) when landing;
 *   horizontal: cruise speed, accelerate/brake with an effective MPC_ACC_HOR (PX4's jerk-limited
 *           trajectory averages ≈2/3 of it: 406 m at 10 m/s took 46.2 s in delivery-flight).
 */
import type { WindSample } from './wind.js';

export interface Limits {
  xyCruise: number; // MPC_XY_CRUISE
  xyVelMax: number; // MPC_XY_VEL_MAX
  accHor: number; // MPC_ACC_HOR
  zVelUp: number; // MPC_Z_V_AUTO_UP
  zVelDn: number; // MPC_Z_V_AUTO_DN
  tkoSpeed: number; // MPC_TKO_SPEED
  tkoRampS: number; // MPC_TKO_RAMP_T
  landSpeed: number; // MPC_LAND_SPEED
  landAlt1: number; // MPC_LAND_ALT1
  landAlt2: number; // MPC_LAND_ALT2
  /** highest airspeed the airframe reaches: SIH's linear drag at full tilt (see sihMaxAirspeed) */
  airspeedMax: number;
}

/**
 * PX4 SIH's top airspeed: its drag is linear (SIH_KDV · v) and the position controller tilts at most
 * MPC_TILTMAX_AIR, so the horizontal force SIH_MASS · g · tan(tilt) balances drag at this speed —
 * 9.81 m/s with the defaults. That is why PX4 flew 9.4–10.0 m/s when a mission asked for 10 or 11.
 */
export function sihMaxAirspeed(massKg: number, kdv: number, tiltMaxDeg: number): number {
  if (!(kdv > 0)) return Infinity;
  return (massKg * 9.81 * Math.tan((Math.min(Math.max(tiltMaxDeg, 1), 89) * Math.PI) / 180)) / kdv;
}

export const PX4_DEFAULT_LIMITS: Limits = {
  xyCruise: 5,
  xyVelMax: 12,
  accHor: 3,
  zVelUp: 3,
  zVelDn: 1.5,
  tkoSpeed: 1.5,
  tkoRampS: 3,
  landSpeed: 0.7,
  landAlt1: 10,
  landAlt2: 5,
  airspeedMax: sihMaxAirspeed(1, 1, 45),
};

/** The ground speed along unit direction (dn, de) at which the airspeed reaches vMax in wind w. */
function groundSpeedCap(dn: number, de: number, wn: number, we: number, vMax: number): number {
  const along = dn * wn + de * we;
  const disc = along * along - (wn * wn + we * we) + vMax * vMax;
  return disc > 0 ? Math.max(0, along + Math.sqrt(disc)) : 0;
}

/** Fraction of MPC_ACC_HOR PX4's jerk-limited trajectory achieves on average (fitted to the traces). */
export const EFFECTIVE_ACC_FRACTION = 0.5;
/**
 * Altitude approach |v| = K·√|err| (m/s), fitted to the climb tails in delivery-flight
 * (err 10 m → 2.41 m/s, 3.7 → 1.86, 1.4 → 0.87, 0.8 → 0.59: the 30 → 39.3 m tail took 6.3 s) and rtl
 * (2.4 → 1.69, 1.3 → 0.99).
 */
export const ALT_APPROACH_K = 0.75;

export interface Body {
  /** metres north / east of the origin, metres above the origin's ground */
  n: number;
  e: number;
  up: number;
  vn: number;
  ve: number;
  vu: number;
  /** heading, radians from north */
  yaw: number;
}

export type Setpoint =
  | { kind: 'ground' }
  | { kind: 'position'; n: number; e: number; up: number; speed: number; takeoff?: { sinceS: number }; speedAtTarget?: number }
  | { kind: 'land'; n: number; e: number };

export function restingBody(): Body {
  return { n: 0, e: 0, up: 0, vn: 0, ve: 0, vu: 0, yaw: 0 };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Climb speed limit at altitude `up` (takeoff ramps from 0 over MPC_TKO_RAMP_T). */
function climbLimit(L: Limits, up: number, takeoffSince: number | undefined): number {
  const base = up < L.landAlt1 ? L.tkoSpeed : L.zVelUp;
  if (takeoffSince === undefined) return base;
  return Math.min(base, (L.tkoSpeed * Math.max(0, takeoffSince)) / L.tkoRampS + 0.05);
}

/** Descent speed limit when landing, by height above ground. */
export function landingDescentSpeed(L: Limits, up: number): number {
  if (up >= L.landAlt1) return L.zVelDn;
  if (up <= L.landAlt2) return L.landSpeed;
  const f = (up - L.landAlt2) / (L.landAlt1 - L.landAlt2);
  return L.landSpeed + f * (L.zVelDn - L.landSpeed);
}

/** Move a velocity component pair toward a desired one with a bounded acceleration. */
function approach(v: number, target: number, maxDelta: number): number {
  return v + clamp(target - v, -maxDelta, maxDelta);
}

/**
 * Advance the body by `dt` seconds toward the setpoint. Returns a new Body (input not mutated).
 * @example stepBody(restingBody(), {kind:'position', n:0, e:0, up:10, speed:5}, PX4_DEFAULT_LIMITS, NO_WIND, 0.02)
 */
export function stepBody(b: Body, sp: Setpoint, L: Limits, wind: WindSample, dt: number): Body {
  if (sp.kind === 'ground') return { ...b, up: 0, vn: 0, ve: 0, vu: 0 };
  const acc = L.accHor * EFFECTIVE_ACC_FRACTION;
  // Horizontal: trapezoid toward the target point.
  const dn = sp.n - b.n;
  const de = sp.e - b.e;
  const dist = Math.hypot(dn, de);
  let cruise = Math.min(sp.kind === 'position' ? sp.speed : L.xyCruise, L.xyVelMax);
  if (dist >= 1e-3 && Number.isFinite(L.airspeedMax)) cruise = Math.min(cruise, groundSpeedCap(dn / dist, de / dist, wind.n, wind.e, L.airspeedMax));
  // Brake toward the target, down to the speed PX4 allows there (a corner it flies through, or 0).
  const vAt = sp.kind === 'position' ? (sp.speedAtTarget ?? 0) : 0;
  const vDes = dist < 1e-3 ? 0 : Math.min(cruise, Math.sqrt(vAt * vAt + 2 * acc * dist));
  const tvn = dist < 1e-3 ? 0 : (dn / dist) * vDes;
  const tve = dist < 1e-3 ? 0 : (de / dist) * vDes;
  const dvn = tvn - b.vn;
  const dve = tve - b.ve;
  const dv = Math.hypot(dvn, dve);
  const k = dv > acc * dt ? (acc * dt) / dv : 1;
  let vn = b.vn + dvn * k;
  let ve = b.ve + dve * k;
  // Vertical.
  let vuDes: number;
  if (sp.kind === 'land') {
    vuDes = -landingDescentSpeed(L, b.up);
  } else {
    const err = sp.up - b.up;
    const up = climbLimit(L, b.up, sp.takeoff?.sinceS);
    vuDes = clamp(Math.sign(err) * Math.min(ALT_APPROACH_K * Math.sqrt(Math.abs(err)), 2 * Math.abs(err)), -L.zVelDn, up);
  }
  const vu = approach(b.vu, vuDes, 3 * dt);
  // Imperfect gust rejection: a fraction of the gust shows in the ground track.
  vn += wind.gustN * 0.15 * dt;
  ve += wind.gustE * 0.15 * dt;
  let upNew = b.up + vu * dt;
  let vuNew = vu;
  if (upNew <= 0) {
    upNew = 0;
    vuNew = 0;
    if (sp.kind === 'land') {
      vn = 0;
      ve = 0;
    }
  }
  const speed = Math.hypot(vn, ve);
  const yaw = speed > 0.5 ? Math.atan2(ve, vn) : b.yaw;
  return { n: b.n + vn * dt, e: b.e + ve * dt, up: upNew, vn, ve, vu: vuNew, yaw };
}
