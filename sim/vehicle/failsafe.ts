/**
 * PX4 commander failsafes as the traces show them: data-link loss (NAV_DLL_ACT), battery
 * low/critical/emergency (COM_LOW_BAT_ACT), geofence (GF_ACTION) and GPS loss, with the
 * COM_FAIL_ACT_T "Hold first" delay and PX4's STATUSTEXTs.
 */
import { breached } from './geofence.js';
import { runGeofenceCheck } from './geofence-check.js';
import { DL_LOSS_DETECT_EXTRA_S, MODE, sameMode, type ModeSel } from './state.js';
import { SEV } from './items.js';
import type { Px4Vehicle } from './vehicle.js';

export type FailsafeAction = 'hold' | 'rtl' | 'land' | 'terminate';

const MODE_OF: Record<Exclude<FailsafeAction, 'terminate'>, ModeSel> = { hold: MODE.HOLD, rtl: MODE.RTL, land: MODE.LAND };

/** NAV_DLL_ACT → action (0 disabled; 5 terminate and 6 lockdown are modelled as land). */
export function dllAction(param: number): FailsafeAction | undefined {
  return param === 1 ? 'hold' : param === 2 ? 'rtl' : param >= 3 ? 'land' : undefined;
}

/**
 * Start a failsafe. `delayed`: PX4 first holds for COM_FAIL_ACT_T seconds ("Failsafe activated:
 * entering Hold for 5 seconds"), then acts (battery-failsafe 105.0 → 110.1, link-loss 62.1 → 67.2).
 */
export function triggerFailsafe(v: Px4Vehicle, action: FailsafeAction, delayed: boolean, cause: 'geofence' | 'other' = 'other'): void {
  const s = v.s;
  s.failsafe.active = true;
  s.failsafe.cause = cause;
  const param = v.params.get('COM_FAIL_ACT_T');
  const delay = Math.min(s.failsafe.startDelay ?? param, param);
  if (delayed && param > 0.1 && delay > 0 && action !== 'hold' && action !== 'terminate') {
    // notifyUser rounds the remaining delay: (delay + 0.5 s) / 1 s
    v.text(SEV.CRITICAL, `Failsafe activated: entering Hold for ${Math.floor(delay + 0.5)} seconds\t`);
    if (!sameMode(s.mode, MODE.HOLD)) v.enterMode(MODE.HOLD, 'failsafe');
    s.failsafe.pending = { at: s.t + delay, action };
    return;
  }
  s.failsafe.pending = undefined;
  v.text(SEV.CRITICAL, 'Failsafe activated\t');
  if (action === 'terminate') {
    // Flight termination: motors off, the vehicle falls (PX4 keeps it armed in TERMINATION).
    if (v.airborne) s.nav = { kind: 'fall' };
    return;
  }
  if (!sameMode(s.mode, MODE_OF[action]) || action === 'hold') v.enterMode(MODE_OF[action], 'failsafe');
}

function checkLink(v: Px4Vehicle): void {
  const s = v.s;
  const g = s.gcs;
  if (g.lost || g.lastHeartbeat === undefined) return;
  if (s.t - g.lastHeartbeat < v.params.get('COM_DL_LOSS_T') + DL_LOSS_DETECT_EXTRA_S) return;
  g.lost = true; // PX4 sends only EVENTs here: the GCS counts as disconnected, so no STATUSTEXT
  v.events.silent?.('gcsLost');
  const action = dllAction(v.params.get('NAV_DLL_ACT'));
  if (action && s.armed && v.airborne && !sameMode(s.mode, MODE.RTL) && !sameMode(s.mode, MODE.LAND)) triggerFailsafe(v, action, true);
}

function checkBattery(v: Px4Vehicle): void {
  const s = v.s;
  if (!s.armed) return;
  const soc = s.battery.reportedSoc;
  const p = v.params;
  const level = soc <= p.get('BAT_EMERGEN_THR') ? 3 : soc <= p.get('BAT_CRIT_THR') ? 2 : soc <= p.get('BAT_LOW_THR') ? 1 : 0;
  if (level <= s.batteryLevel) return;
  s.batteryLevel = level;
  const act = p.get('COM_LOW_BAT_ACT');
  if (level === 1) {
    v.text(SEV.EMERGENCY, 'Low battery\t');
    v.text(SEV.CRITICAL, 'Failsafe activated\t');
  } else if (level === 2) {
    v.text(SEV.EMERGENCY, 'Critical battery\t');
    if (!v.airborne || act === 0) return;
    triggerFailsafe(v, act === 2 ? 'land' : 'rtl', true);
  } else {
    v.text(SEV.EMERGENCY, 'Emergency battery level\t');
    v.text(SEV.CRITICAL, 'System does not support shutdown\t');
    if (!v.airborne || act === 0) return;
    triggerFailsafe(v, act === 1 ? 'rtl' : 'land', false);
  }
}

/**
 * React to the navigator's geofence result (geofence-check.ts) as PX4 1.16's commander does
 * (`failsafe.cpp` `fromGfActParam`, `framework.cpp`): on a new breach while armed, the health check
 * reports the reason ("Geofence: …", no tab), then GF_ACTION: 1 warning only; 2 Hold at once
 * (repositioned to the tested point); 3 RTL and 5 Land after the COM_FAIL_ACT_T Hold; 4 terminate.
 * A Hold/RTL action stays until the user changes mode or disarms (OnModeChangeOrDisarm); a Land
 * action ends when the breach clears (WhenConditionClears) and the vehicle returns to its mode.
 * A new action needs the breach to clear first (the user may fly on outside after taking over).
 */
function checkGeofence(v: Px4Vehicle): void {
  const s = v.s;
  const g = s.geofence;
  const was = breached(g.breach);
  if (g.holdSince !== undefined && !sameMode(s.mode, MODE.HOLD) && s.t - g.holdSince > 0.1) g.holdSince = undefined;
  if (!runGeofenceCheck(v)) return;
  const now = breached(g.breach);
  if (!now) {
    g.acted = false;
    if (was && s.failsafe.cause === 'geofence' && s.failsafe.pending?.action === 'land') clearFailsafe(v);
    else if (was && s.failsafe.cause === 'geofence' && s.failsafe.active && v.params.get('GF_ACTION') === 5 && sameMode(s.mode, MODE.LAND)) clearFailsafe(v);
    return;
  }
  if (g.acted || !s.armed) return;
  g.acted = true;
  const a = v.params.get('GF_ACTION');
  if (g.breach.maxDist) v.text(SEV.CRITICAL, 'Geofence: exceeding maximum distance to Home');
  if (g.breach.maxAlt) v.text(SEV.CRITICAL, 'Geofence: exceeding maximum altitude above Home');
  if (g.breach.fence) v.text(SEV.CRITICAL, 'Geofence: approaching or outside geofence'); // PX4's health texts have no trailing tab
  if (a === 2) {
    triggerFailsafe(v, 'hold', false, 'geofence');
    // navigator: reposition to the tested point (the current position with GF_PREDICT=0)
    if (v.airborne && g.testPoint) s.nav = { kind: 'hold', n: g.testPoint.n, e: g.testPoint.e, up: s.body.up };
    g.holdSince = s.t;
  } else if (a === 3 || a === 5) {
    const action = a === 3 ? 'rtl' : 'land';
    const inFailsafe = s.failsafe.active && (sameMode(s.mode, MODE.RTL) || sameMode(s.mode, MODE.LAND));
    if (inFailsafe || sameMode(s.mode, MODE.LAND) || (action === 'rtl' && sameMode(s.mode, MODE.RTL))) return; // already returning/landing: a warning only
    triggerFailsafe(v, action, true, 'geofence');
  } else if (a === 4) {
    triggerFailsafe(v, 'terminate', false, 'geofence');
  }
}

/** The failsafe action ended without the user: back to the mode the user chose (PX4: user intended mode). */
function clearFailsafe(v: Px4Vehicle): void {
  const s = v.s;
  const pending = s.failsafe.pending;
  if (pending) s.failsafe.startDelay = Math.max(0, pending.at - s.t);
  s.failsafe = { ...s.failsafe, active: false, pending: undefined, cause: undefined };
  v.enterMode(s.userMode, 'auto');
}

function checkGps(v: Px4Vehicle): void {
  const s = v.s;
  if (s.gpsOk) {
    s.gpsLatched = false;
    return;
  }
  if (s.gpsLatched || !s.armed || !v.airborne) return;
  s.gpsLatched = true;
  triggerFailsafe(v, 'land', false);
}

/** Run every failsafe check for this step, then any pending delayed action. */
export function checkFailsafes(v: Px4Vehicle, dt: number): void {
  checkLink(v);
  checkBattery(v);
  checkGeofence(v);
  checkGps(v);
  const s = v.s;
  const pending = s.failsafe.pending;
  const param = v.params.get('COM_FAIL_ACT_T');
  // framework.cpp updateStartDelay: a running delay uses the start delay up, otherwise it refills at ¼ speed.
  if (pending) s.failsafe.startDelay = Math.max(0, (s.failsafe.startDelay ?? param) - dt);
  else s.failsafe.startDelay = Math.min(param, (s.failsafe.startDelay ?? param) + dt / 4);
  if (pending && s.t >= pending.at) {
    s.failsafe.pending = undefined;
    v.text(SEV.CRITICAL, 'Failsafe activated\t');
    v.enterMode(MODE_OF[pending.action], 'failsafe');
  }
}
