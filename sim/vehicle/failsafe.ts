/**
 * PX4 commander failsafes as the traces show them: data-link loss (NAV_DLL_ACT), battery
 * low/critical/emergency (COM_LOW_BAT_ACT), geofence (GF_ACTION) and GPS loss, with the
 * COM_FAIL_ACT_T "Hold first" delay and PX4's STATUSTEXTs.
 */
import { insideFence } from './geofence.js';
import { DL_LOSS_DETECT_EXTRA_S, MODE, sameMode, type ModeSel } from './state.js';
import type { Px4Vehicle } from './vehicle.js';

export type FailsafeAction = 'hold' | 'rtl' | 'land';

/** Seconds back inside the fence before a new breach triggers GF_ACTION again. */
export const GEOFENCE_REARM_S = 5;

const MODE_OF: Record<FailsafeAction, ModeSel> = { hold: MODE.HOLD, rtl: MODE.RTL, land: MODE.LAND };

/** NAV_DLL_ACT → action (0 disabled; 5 terminate and 6 lockdown are modelled as land). */
export function dllAction(param: number): FailsafeAction | undefined {
  return param === 1 ? 'hold' : param === 2 ? 'rtl' : param >= 3 ? 'land' : undefined;
}

/**
 * Start a failsafe. `delayed`: PX4 first holds for COM_FAIL_ACT_T seconds ("Failsafe activated:
 * entering Hold for 5 seconds"), then acts (battery-failsafe 105.0 → 110.1, link-loss 62.1 → 67.2).
 */
export function triggerFailsafe(v: Px4Vehicle, action: FailsafeAction, delayed: boolean): void {
  const s = v.s;
  s.failsafe.active = true;
  const delay = v.params.get('COM_FAIL_ACT_T');
  if (delayed && delay > 0 && action !== 'hold') {
    v.text(2, `Failsafe activated: entering Hold for ${Math.round(delay)} seconds\t`);
    if (!sameMode(s.mode, MODE.HOLD)) v.enterMode(MODE.HOLD, 'failsafe');
    s.failsafe.pending = { at: s.t + delay, action };
    return;
  }
  s.failsafe.pending = undefined;
  v.text(2, 'Failsafe activated\t');
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
    v.text(0, 'Low battery\t');
    v.text(2, 'Failsafe activated\t');
  } else if (level === 2) {
    v.text(0, 'Critical battery\t');
    if (!v.airborne || act === 0) return;
    triggerFailsafe(v, act === 2 ? 'land' : 'rtl', true);
  } else {
    v.text(0, 'Emergency battery level\t');
    v.text(2, 'System does not support shutdown\t');
    if (!v.airborne || act === 0) return;
    triggerFailsafe(v, act === 1 ? 'rtl' : 'land', false);
  }
}

function checkGeofence(v: Px4Vehicle): void {
  const s = v.s;
  if (s.fenceAreas.length === 0 || !s.armed || !v.airborne) return;
  const inside = insideFence(s.body, s.fenceAreas);
  if (inside) {
    // Re-arm only after being back inside for a while: the Hold point sits just outside the fence
    // and the brake/return wobble must not re-trigger (geofence-breach: no second action).
    s.geofenceInsideSince ??= s.t;
    if (s.t - s.geofenceInsideSince >= GEOFENCE_REARM_S) s.geofenceLatched = false;
    return;
  }
  s.geofenceInsideSince = undefined;
  if (s.geofenceLatched) return;
  s.geofenceLatched = true;
  const a = v.params.get('GF_ACTION');
  if (a === 0) return;
  v.text(2, 'Geofence: approaching or outside geofence'); // the one text without the trailing tab
  if (a === 1) return;
  triggerFailsafe(v, a === 3 ? 'rtl' : a === 2 ? 'hold' : 'land', false);
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
export function checkFailsafes(v: Px4Vehicle): void {
  checkLink(v);
  checkBattery(v);
  checkGeofence(v);
  checkGps(v);
  const s = v.s;
  const pending = s.failsafe.pending;
  if (pending && s.t >= pending.at) {
    s.failsafe.pending = undefined;
    v.text(2, 'Failsafe activated\t');
    v.enterMode(MODE_OF[pending.action], 'failsafe');
  }
}
