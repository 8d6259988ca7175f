/**
 * The simulated PX4's state, shared by commander, navigator and failsafe (plain data, stepped with
 * dt by Px4Vehicle). Timing constants are measured in ../shared/px4 and cited where they are used.
 */
import { encodeCustomMode, PX4_AUTO_SUB_MODE as A, PX4_MAIN_MODE as M } from '../../firmware-bridge/px4/modes.js';
import type { BatteryModel, BatteryState } from '../physics/battery.js';
import type { LatLon } from '../physics/geo.js';
import type { Body } from '../physics/multicopter.js';
import type { FenceArea, FenceBreach, NEU } from './geofence.js';
import type { PlanItem } from './items.js';

/** Boot timeline (s since launch), boot-idle: first packet 1.0, HEARTBEAT 2.0, ready (STANDBY, prearm bit) 5.07. */
export interface BootTiming {
  firstPacketS: number;
  firstHeartbeatS: number;
  homeS: number;
  readyS: number;
}
export const PX4_BOOT: BootTiming = { firstPacketS: 1.0, firstHeartbeatS: 2.0, homeS: 3.03, readyS: 5.07 };

/** "Takeoff detected" 1.8 s after ARM (delivery-flight 7.319→9.135, rtl 6.003→7.808, commands 70.678→72.457). */
export const TAKEOFF_DETECT_AFTER_ARM_S = 1.8;
/** The climb ramp starts ≈3.8 s after ARM (rtl: vz 0.23 m/s at arm+4.2 s, 0.80 at arm+5.2). */
export const CLIMB_START_AFTER_ARM_S = 3.8;
/**
 * "Landing detected" after touchdown: rtl ≈3.5 s (ground ≈150.2, text 153.7), delivery-flight ≈7 s
 * (≈199 → 206.2). 6 s brings the 30 m descents of battery-failsafe, geofence-breach and link-loss
 * (≈35 s from "land" to "Landing detected") closest.
 */
export const LAND_DETECT_S = 6.0;
/** Auto-disarm after a mission's final landing: 0.10 s (delivery-flight 206.220 → 206.323). */
export const MISSION_END_DISARM_S = 0.1;
/** NAV_MC_ALT_RAD: altitude acceptance for waypoints and takeoff (PX4 default 0.8 m). */
export const ALT_ACCEPT_M = 0.8;
/** Link loss is declared ≈2.4 s after COM_DL_LOSS_T elapsed (link-loss: 7.4 s after the last heartbeat with COM_DL_LOSS_T 5). */
export const DL_LOSS_DETECT_EXTRA_S = 2.4;
/** MISSION_ITEM_REACHED is sent 11 times at ≈1.03 s (delivery-flight). */
export const REACHED_SENDS = 11;
export const REACHED_INTERVAL_S = 1.03;

export type LandedState = 1 | 2 | 3 | 4; // ON_GROUND, IN_AIR, TAKEOFF, LANDING

export interface ModeSel {
  main: number;
  sub: number;
}
export const MODE = {
  HOLD: { main: M.AUTO, sub: A.LOITER },
  MISSION: { main: M.AUTO, sub: A.MISSION },
  RTL: { main: M.AUTO, sub: A.RTL },
  LAND: { main: M.AUTO, sub: A.LAND },
  TAKEOFF: { main: M.AUTO, sub: A.TAKEOFF },
} as const satisfies Record<string, ModeSel>;

export const customModeOf = (m: ModeSel): number => encodeCustomMode(m.main, m.sub);
export const sameMode = (a: ModeSel, b: ModeSel): boolean => a.main === b.main && a.sub === b.sub;

export type Nav =
  | { kind: 'ground' }
  | { kind: 'takeoff'; n: number; e: number; up: number; startedAt: number }
  | { kind: 'hold'; n: number; e: number; up: number }
  | { kind: 'goto'; n: number; e: number; up: number; speed: number }
  | { kind: 'mission'; seq: number; startedAt: number; anchor: { n: number; e: number; up: number }; loiterUntil?: number; landing?: boolean; /** the takeoff item's vertical climb is done (now flown to its lat/lon) */ climbed?: boolean }
  | { kind: 'rtl'; phase: 'climb' | 'return' | 'land'; up: number; dest: NEU }
  | { kind: 'land'; n: number; e: number }
  | { kind: 'fall' };

/** The commander's failsafe state (PX4 failsafe framework, reduced to one active action). */
export interface FailsafeState {
  active: boolean;
  /** a delayed action: Hold until `at`, then the action ("Failsafe activated: entering Hold for N seconds") */
  pending: { at: number; action: 'rtl' | 'land' | 'hold' } | undefined;
  /** what raised the active failsafe; a geofence Land (clear condition WhenConditionClears) ends when the breach clears */
  cause?: 'geofence' | 'other';
  /** PX4's _current_start_delay (s): used up while a delay runs, refilled at ¼ speed otherwise, ≤ COM_FAIL_ACT_T */
  startDelay?: number;
}

/** The navigator's geofence result (geofence_breach_check), evaluated every > 200 ms. */
export interface GeofenceState {
  breach: FenceBreach;
  lastCheck: number;
  /** the point last tested (the predicted braking point with GF_PREDICT=1) */
  testPoint: NEU | undefined;
  /** when a GF_ACTION=Hold breach repositioned the vehicle (_time_loitering_after_gf_breach) */
  holdSince: number | undefined;
  /** GF_ACTION already taken for the current breach (a new action needs the breach to clear first) */
  acted: boolean;
}

export interface Plan {
  items: PlanItem[];
  id: number;
}

export interface VehicleState {
  /** seconds since launch */
  t: number;
  sysid: number;
  origin: LatLon & { altAmsl: number };
  home: LatLon & { altAmsl: number };
  /** when HOME_POSITION first becomes valid */
  homeValid: boolean;
  ready: boolean;
  armed: boolean;
  armedAt: number;
  mode: ModeSel;
  /** the last mode the user (or the takeoff/mission logic) chose, restored after an RTL/Land landing */
  userMode: ModeSel;
  nav: Nav;
  body: Body;
  landed: LandedState;
  /** time the vehicle touched down (for landing detection) */
  touchdownAt: number | undefined;
  takeoffAt: number | undefined;
  /** took off since the last arming (COM_DISARM_PRFLT only applies before the first takeoff) */
  flown: boolean;
  disarmAt: { t: number; reason: string } | undefined;
  /** speed set by DO_CHANGE_SPEED (m/s), undefined = MPC_XY_CRUISE */
  cruiseOverride: number | undefined;
  mission: Plan;
  fence: Plan;
  rally: Plan;
  fenceAreas: FenceArea[];
  missionValid: boolean;
  missionCurrent: number;
  reached: { seq: number; sendsLeft: number; nextAt: number } | undefined;
  battery: BatteryState;
  batteryModel: BatteryModel;
  /** 0 none, 1 low, 2 critical, 3 emergency (reported as charge_state level+1) */
  batteryLevel: number;
  failsafe: FailsafeState;
  geofence: GeofenceState;
  gcs: { lastHeartbeat: number | undefined; lost: boolean; everConnected: boolean };
  gpsOk: boolean;
  gpsLatched: boolean;
}
