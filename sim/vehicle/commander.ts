/**
 * PX4 commander's answers to COMMAND_LONG / COMMAND_INT, as recorded in ../shared/px4 (commands,
 * delivery-flight, rtl, geofence-breach). Returns the COMMAND_ACK result, or undefined when PX4
 * sends no ACK (DO_GRIPPER, DO_WINCH with PD_GRIPPER_EN 0). Message-level commands
 * (REQUEST_MESSAGE, SET/GET_MESSAGE_INTERVAL) are answered by the MAVLink layer, not here.
 */
import { PX4_AUTO_SUB_MODE as A, PX4_MAIN_MODE as M, PX4_POSCTL_SUB_MODE } from '../../firmware-bridge/px4/modes.js';
import { AMSL_FRAMES, MAV_CMD, RELATIVE_FRAMES, SEV } from './items.js';
import { MODE, sameMode, type ModeSel } from './state.js';
import type { Px4Vehicle } from './vehicle.js';

export const MAV_RESULT = { ACCEPTED: 0, TEMPORARILY_REJECTED: 1, DENIED: 2, UNSUPPORTED: 3, FAILED: 4 } as const;
/** COMPONENT_ARM_DISARM param2 magic: force (only matters for disarming in the air). */
export const FORCE_MAGIC = 21196;

export interface CommandIn {
  command: number;
  /** param1..param7; for COMMAND_INT, params 5/6 are x/y (degE7 integers) and 7 is z */
  params: number[];
  isInt: boolean;
  frame: number;
}

/** Names PX4 uses in "Switching to X is currently not available". */
const MAIN_NAMES: Record<number, string> = {
  [M.MANUAL]: 'Manual',
  [M.ALTCTL]: 'Altitude',
  [M.POSCTL]: 'Position',
  [M.ACRO]: 'Acro',
  [M.OFFBOARD]: 'Offboard',
  [M.STABILIZED]: 'Stabilized',
};

/** DO_SET_MODE main/sub → the mode PX4 actually enters (AUTO sub 0 = Mission; Orbit falls back to Position). */
export function normaliseMode(main: number, sub: number): ModeSel | undefined {
  if (main === M.AUTO) {
    const s = sub === 0 ? A.MISSION : sub;
    return [A.TAKEOFF, A.LOITER, A.MISSION, A.RTL, A.LAND].includes(s as 2) ? { main, sub: s } : undefined;
  }
  if (main === M.POSCTL) return { main, sub: PX4_POSCTL_SUB_MODE.POSCTL };
  return MAIN_NAMES[main] ? { main, sub: 0 } : undefined;
}

function setMode(v: Px4Vehicle, p: number[]): number {
  const mode = normaliseMode(Math.round(p[1] ?? 0), Math.round(p[2] ?? 0));
  if (!mode || ((p[0] ?? 0) & 1) === 0) return MAV_RESULT.UNSUPPORTED;
  const s = v.s;
  const name = mode.main === M.AUTO ? (mode.sub === A.MISSION ? 'Mission' : undefined) : MAIN_NAMES[mode.main];
  // Armed: no RC (COM_RC_IN_MODE 1) → no manual modes, no offboard setpoints; Mission needs a valid mission.
  const unavailable = s.armed && (mode.main !== M.AUTO || (sameMode(mode, MODE.MISSION) && !s.missionValid));
  if (unavailable) {
    v.text(SEV.CRITICAL, `Switching to ${name ?? 'mode'} is currently not available\t`);
    return MAV_RESULT.TEMPORARILY_REJECTED;
  }
  if (sameMode(mode, s.mode) && !s.failsafe.active) return MAV_RESULT.ACCEPTED; // duplicate: ACK again, no side effects
  v.enterMode(mode, 'user');
  return MAV_RESULT.ACCEPTED;
}

function armDisarm(v: Px4Vehicle, p: number[]): number {
  const arm = Math.round(p[0] ?? 0) === 1;
  const forced = Math.round(p[1] ?? 0) === FORCE_MAGIC;
  if (arm) return v.arm() ? MAV_RESULT.ACCEPTED : MAV_RESULT.TEMPORARILY_REJECTED;
  if (!v.s.armed) return MAV_RESULT.ACCEPTED;
  if (v.airborne && !forced) {
    v.text(SEV.CRITICAL, 'Disarming denied: not landed\t');
    return MAV_RESULT.TEMPORARILY_REJECTED;
  }
  v.disarm('Disarmed by external command');
  return MAV_RESULT.ACCEPTED;
}

function takeoff(v: Px4Vehicle, p: number[]): number {
  const s = v.s;
  const p7 = p[6] ?? NaN;
  const up = Number.isFinite(p7) ? p7 - s.origin.altAmsl : v.upFromRel(v.params.get('MIS_TAKEOFF_ALT'));
  s.mode = MODE.TAKEOFF;
  if (s.armed) v.startTakeoff(Math.max(up, 1));
  return MAV_RESULT.ACCEPTED;
}

function missionStart(v: Px4Vehicle, p: number[]): number {
  const s = v.s;
  if (!s.missionValid) {
    v.text(SEV.CRITICAL, 'Mission start denied! No valid mission\t');
    return MAV_RESULT.DENIED;
  }
  const first = p[0] ?? 0;
  if (Number.isFinite(first) && first >= 0 && first < s.mission.items.length) s.missionCurrent = Math.floor(first);
  if (!s.armed && !v.arm()) return MAV_RESULT.TEMPORARILY_REJECTED;
  v.enterMode(MODE.MISSION, 'user');
  return MAV_RESULT.ACCEPTED;
}

function reposition(v: Px4Vehicle, c: CommandIn): number {
  const s = v.s;
  if (!s.armed || !v.airborne) return MAV_RESULT.TEMPORARILY_REJECTED;
  const p = c.params;
  const lat = c.isInt ? (p[4] ?? 0) / 1e7 : (p[4] ?? NaN);
  const lon = c.isInt ? (p[5] ?? 0) / 1e7 : (p[5] ?? NaN);
  const z = p[6] ?? NaN;
  if (!AMSL_FRAMES.has(c.frame) && !RELATIVE_FRAMES.has(c.frame)) {
    v.text(SEV.CRITICAL, 'RTL: unsupported MAV_FRAME\t');
    return MAV_RESULT.UNSUPPORTED;
  }
  const b = s.body;
  const ne = Number.isFinite(lat) && Number.isFinite(lon) && !(lat === 0 && lon === 0) ? v.local({ lat, lon }) : { n: b.n, e: b.e };
  const up = !Number.isFinite(z) ? b.up : RELATIVE_FRAMES.has(c.frame) ? v.upFromRel(z) : z - s.origin.altAmsl;
  const speed = (p[0] ?? -1) > 0 ? p[0]! : v.cruiseSpeed();
  if (!sameMode(s.mode, MODE.HOLD)) v.enterMode(MODE.HOLD, 'user');
  s.nav = { kind: 'goto', n: ne.n, e: ne.e, up: Math.max(up, 1), speed };
  return MAV_RESULT.ACCEPTED;
}

/**
 * Handle one command addressed to the autopilot.
 * @returns the COMMAND_ACK result, or undefined for "no ACK" (PX4 without a payload driver)
 */
export function handleCommand(v: Px4Vehicle, c: CommandIn): number | undefined {
  const p = c.params;
  switch (c.command) {
    case MAV_CMD.COMPONENT_ARM_DISARM:
      return armDisarm(v, p);
    case MAV_CMD.DO_SET_MODE:
      return setMode(v, p);
    case MAV_CMD.NAV_TAKEOFF:
      return takeoff(v, p);
    case MAV_CMD.MISSION_START:
      return missionStart(v, p);
    case MAV_CMD.NAV_RETURN_TO_LAUNCH:
      v.text(SEV.INFO, 'Returning to launch\t');
      if (!sameMode(v.s.mode, MODE.RTL)) v.enterMode(MODE.RTL, 'user');
      return MAV_RESULT.ACCEPTED;
    case MAV_CMD.NAV_LAND:
      if (!sameMode(v.s.mode, MODE.LAND)) v.enterMode(MODE.LAND, 'user');
      return MAV_RESULT.ACCEPTED;
    case MAV_CMD.DO_REPOSITION:
      return reposition(v, c);
    case MAV_CMD.DO_CHANGE_SPEED: {
      const speed = p[1] ?? -1;
      if (speed > 0) {
        v.s.cruiseOverride = speed;
        if (v.s.nav.kind === 'goto') v.s.nav.speed = speed;
      }
      return MAV_RESULT.ACCEPTED;
    }
    case MAV_CMD.DO_SET_HOME: {
      const s = v.s;
      const here = v.position();
      s.home = (p[0] ?? 0) === 1 ? { lat: here.lat, lon: here.lon, altAmsl: here.altAmsl } : { lat: p[4] ?? 0, lon: p[5] ?? 0, altAmsl: p[6] ?? 0 };
      return MAV_RESULT.ACCEPTED;
    }
    case MAV_CMD.DO_GRIPPER:
    case MAV_CMD.DO_WINCH:
      return undefined; // commands 100.354 / 103.855: no COMMAND_ACK (no payload_deliverer running)
    case MAV_CMD.DO_SET_MISSION_CURRENT:
      return MAV_RESULT.UNSUPPORTED; // mission-roundtrip: 224 with 3 and 99 → 3 UNSUPPORTED
    default:
      return MAV_RESULT.UNSUPPORTED;
  }
}
