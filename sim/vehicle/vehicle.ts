/**
 * One simulated PX4 multicopter as a state machine stepped with dt (no sockets, no timers).
 *
 *   step(dt) ─▶ boot ─▶ GCS link watch ─▶ battery ─▶ failsafes ─▶ navigator ─▶ physics ─▶ landing/disarm
 *   command(c) ─▶ commander (COMMAND_ACK result)          setPlan() ◀─ mission server
 *   events: text (STATUSTEXT), reached (MISSION_ITEM_REACHED), forward (PX4's internal COMMAND_LONGs)
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import { freshBattery, stepBattery, type BatteryModel, type BatteryParams } from '../physics/battery.js';
import { fromNE, toNE, type LatLon } from '../physics/geo.js';
import { PX4_DEFAULT_LIMITS, restingBody, sihMaxAirspeed, stepBody, type Limits } from '../physics/multicopter.js';
import { WindModel, CALM, type WindConfig } from '../physics/wind.js';
import { ParamStore } from '../params/params.js';
import { checkFailsafes } from './failsafe.js';
import { NO_BREACH } from './geofence-check.js';
import { loadFence, validateMission } from './fence-plan.js';
import { MAV_CMD, SEV, type PlanItem } from './items.js';
import { itemTarget, navigate } from './navigator.js';
import { returnAltitudeAmsl, rtlDestination, rtlStartText, type RtlDestination } from './rtl.js';
import {
  ALT_ACCEPT_M,
  CLIMB_START_AFTER_ARM_S,
  LAND_DETECT_S,
  MODE,
  PX4_BOOT,
  REACHED_INTERVAL_S,
  REACHED_SENDS,
  TAKEOFF_DETECT_AFTER_ARM_S,
  customModeOf,
  sameMode,
  type BootTiming,
  type ModeSel,
  type VehicleState,
} from './state.js';

export interface VehicleEvents {
  text(severity: number, text: string): void;
  reached(seq: number): void;
  /**
   * PX4 forwards some internal commands on the GCS link (target 1/0, see README). `repeat`: the
   * first command of a burst is sent three more times with confirmation 1, 2, 3.
   */
  forward(command: number, params: number[], repeat?: boolean): void;
  /** Something PX4 announces by EVENT only (no STATUSTEXT), e.g. 'gcsLost'. */
  silent?(name: 'gcsLost'): void;
}

export interface VehicleOptions {
  sysid: number;
  home: LatLon & { altAmsl: number };
  params?: ParamStore;
  batteryModel?: BatteryModel;
  wind?: WindConfig;
  seed?: number;
  boot?: Partial<BootTiming>;
}

/** MAV_MISSION_TYPE of a stored plan: MISSION (0), FENCE (1) or RALLY (2). */
export type PlanType = common.MavMissionType.MISSION | common.MavMissionType.FENCE | common.MavMissionType.RALLY;

/** When PX4's arming checks first report a missing GCS link (link-loss: t = 3.654). */
export const PREFLIGHT_GCS_WARN_S = 3.6;

const CMD = common.MavCmd;
/** PX4 forwards a vehicle_command with id 0 after an RTL touchdown (rtl 153.7); the dialect names no command 0. */
const UNNAMED_CMD_0 = 0;

const NOOP_EVENTS: VehicleEvents = { text: () => undefined, reached: () => undefined, forward: () => undefined };

export class Px4Vehicle {
  readonly s: VehicleState;
  readonly params: ParamStore;
  readonly wind: WindModel;
  readonly boot: BootTiming;
  events: VehicleEvents = NOOP_EVENTS;
  private preflightWarned = false;

  constructor(o: VehicleOptions) {
    this.params = o.params ?? new ParamStore();
    this.params.set('MAV_SYS_ID', o.sysid);
    this.params.set('SIH_LOC_LAT0', o.home.lat);
    this.params.set('SIH_LOC_LON0', o.home.lon);
    this.params.set('SIH_LOC_H0', o.home.altAmsl);
    this.wind = new WindModel(o.wind ?? CALM, o.seed ?? o.sysid);
    this.boot = { ...PX4_BOOT, ...o.boot };
    const origin = { ...o.home };
    this.s = {
      t: 0,
      sysid: o.sysid,
      origin,
      home: { ...origin },
      homeValid: false,
      ready: false,
      armed: false,
      armedAt: 0,
      mode: MODE.HOLD,
      userMode: MODE.HOLD,
      nav: { kind: 'ground' },
      body: restingBody(),
      landed: 1,
      touchdownAt: undefined,
      takeoffAt: undefined,
      flown: false,
      disarmAt: undefined,
      cruiseOverride: undefined,
      mission: { items: [], id: 0 },
      fence: { items: [], id: 0 },
      rally: { items: [], id: 0 },
      fenceAreas: [],
      missionValid: false,
      missionCurrent: 0,
      reached: undefined,
      battery: freshBattery(),
      batteryModel: o.batteryModel ?? { kind: 'px4-sim' },
      batteryLevel: 0,
      failsafe: { active: false, pending: undefined },
      geofence: { breach: NO_BREACH, lastCheck: -Infinity, testPoint: undefined, holdSince: undefined, acted: false },
      gcs: { lastHeartbeat: undefined, lost: false, everConnected: false },
      gpsOk: true,
      gpsLatched: false,
    };
  }

  // ── parameters the behaviour reads ──────────────────────────────────────────────────────────
  limits(): Limits {
    const p = this.params;
    return {
      ...PX4_DEFAULT_LIMITS,
      xyCruise: p.get('MPC_XY_CRUISE'),
      xyVelMax: p.get('MPC_XY_VEL_MAX'),
      accHor: p.get('MPC_ACC_HOR'),
      zVelUp: p.get('MPC_Z_V_AUTO_UP'),
      zVelDn: p.get('MPC_Z_V_AUTO_DN'),
      tkoSpeed: p.get('MPC_TKO_SPEED'),
      tkoRampS: p.get('MPC_TKO_RAMP_T'),
      landSpeed: p.get('MPC_LAND_SPEED'),
      landAlt1: p.get('MPC_LAND_ALT1'),
      landAlt2: p.get('MPC_LAND_ALT2'),
      airspeedMax: sihMaxAirspeed(p.get('SIH_MASS'), p.get('SIH_KDV'), p.get('MPC_TILTMAX_AIR')),
    };
  }

  batteryParams(): BatteryParams {
    const p = this.params;
    return { cells: p.get('BAT1_N_CELLS'), vCharged: p.get('BAT1_V_CHARGED'), vEmpty: p.get('BAT1_V_EMPTY'), drainS: p.get('SIM_BAT_DRAIN'), minPct: p.get('SIM_BAT_MIN_PCT') };
  }

  cruiseSpeed(): number {
    return this.s.cruiseOverride ?? this.params.get('MPC_XY_CRUISE');
  }

  // ── derived values ───────────────────────────────────────────────────────────────────────────
  get airborne(): boolean {
    return this.s.landed !== 1;
  }

  get customMode(): number {
    return customModeOf(this.s.mode);
  }

  position(): LatLon & { altAmsl: number; relAlt: number } {
    const ll = fromNE(this.s.body, this.s.origin);
    return { ...ll, altAmsl: this.s.origin.altAmsl + this.s.body.up, relAlt: this.s.body.up + this.s.origin.altAmsl - this.s.home.altAmsl };
  }

  /** Local metres of a global point (degrees). */
  local(p: LatLon): { n: number; e: number } {
    return toNE(p, this.s.origin);
  }

  /** Home relative altitude → local "up" (flat ground at the origin's altitude). */
  upFromRel(rel: number): number {
    return rel + this.s.home.altAmsl - this.s.origin.altAmsl;
  }

  // ── actions used by commander, navigator and failsafe ────────────────────────────────────────
  text(severity: number, text: string): void {
    this.events.text(severity, text);
  }

  arm(): boolean {
    const s = this.s;
    if (!s.ready || (s.gcs.lost && this.params.get('NAV_DLL_ACT') !== 0)) {
      this.text(SEV.CRITICAL, 'Arming denied: Resolve system health failures first\t');
      return false;
    }
    if (s.armed) return true;
    s.armed = true;
    s.armedAt = s.t;
    s.takeoffAt = undefined;
    s.flown = false;
    s.disarmAt = undefined;
    // Home is reset at every arming (README "Home").
    const p = this.position();
    s.home = { lat: p.lat, lon: p.lon, altAmsl: p.altAmsl };
    this.text(SEV.INFO, 'Armed by external command\t');
    return true;
  }

  disarm(reason: string): void {
    const s = this.s;
    if (!s.armed) return;
    const wasAirborne = this.airborne;
    s.armed = false;
    s.disarmAt = undefined;
    this.text(SEV.INFO, `${reason}\t`);
    // battery-failsafe 173.897: the failsafe state resets at disarm and a still-low battery is announced once more.
    if (s.batteryLevel >= 1) this.text(SEV.EMERGENCY, 'Low battery\t');
    s.failsafe = { active: false, pending: undefined };
    s.batteryLevel = 0;
    s.cruiseOverride = undefined;
    if (wasAirborne && s.body.up > 0.05) {
      s.nav = { kind: 'fall' };
      return;
    }
    s.nav = { kind: 'ground' };
    s.landed = 1;
    if (sameMode(s.mode, MODE.RTL) || sameMode(s.mode, MODE.LAND) || sameMode(s.mode, MODE.TAKEOFF)) s.mode = s.userMode;
  }

  /** Switch mode and run its entry action (no acceptance checks: the commander does those). */
  enterMode(mode: ModeSel, by: 'user' | 'auto' | 'failsafe'): void {
    const s = this.s;
    if (by === 'user') {
      s.failsafe = { active: false, pending: undefined };
      if (sameMode(mode, MODE.HOLD) || sameMode(mode, MODE.MISSION)) s.userMode = mode;
    }
    const changed = !sameMode(s.mode, mode);
    if (changed && sameMode(s.mode, MODE.MISSION)) this.forwardLeaveMission();
    s.mode = mode;
    const b = s.body;
    if (sameMode(mode, MODE.HOLD)) {
      s.nav = this.airborne ? { kind: 'hold', n: b.n, e: b.e, up: b.up } : s.nav.kind === 'takeoff' ? s.nav : { kind: 'ground' };
    } else if (sameMode(mode, MODE.MISSION)) {
      if (s.armed && (changed || s.nav.kind !== 'mission')) {
        this.text(SEV.INFO, 'Executing Mission\t');
        s.nav = { kind: 'mission', seq: s.missionCurrent, startedAt: s.t, anchor: { n: b.n, e: b.e, up: b.up } };
        const first = s.mission.items[s.missionCurrent];
        if (first?.command === MAV_CMD.NAV_TAKEOFF && !this.airborne) {
          const rel = itemTarget(this, first).up - this.upFromRel(0);
          this.text(SEV.INFO, `Climb to ${rel.toFixed(1)} meters above home\t`);
        }
      }
    } else if (sameMode(mode, MODE.RTL)) {
      if (this.airborne) this.startRtl();
    } else if (sameMode(mode, MODE.LAND)) {
      if (this.airborne) {
        this.forwardGimbal();
        s.nav = { kind: 'land', n: b.n, e: b.e };
      }
    } else if (sameMode(mode, MODE.TAKEOFF)) {
      if (s.armed) this.startTakeoff(this.upFromRel(this.params.get('MIS_TAKEOFF_ALT')));
    } else if (!this.airborne) {
      s.nav = { kind: 'ground' };
    }
  }

  startTakeoff(up: number): void {
    const b = this.s.body;
    this.s.nav = { kind: 'takeoff', n: b.n, e: b.e, up, startedAt: this.s.t };
  }

  /** The destination of the last RTL (for status and tests). */
  lastRtl: RtlDestination | undefined;

  /** RTL entry: PX4's destination (RTL_TYPE: home, rally point, mission landing), return altitude and text. */
  startRtl(): void {
    const s = this.s;
    const { dest, texts } = rtlDestination(this);
    for (const t of texts) this.text(SEV.CRITICAL, t);
    const altAmsl = returnAltitudeAmsl(this, dest);
    this.lastRtl = dest;
    this.forwardGimbal();
    this.text(SEV.INFO, rtlStartText(altAmsl, dest));
    const up = altAmsl - s.origin.altAmsl;
    const destUp = dest.altAmsl - s.origin.altAmsl;
    s.nav = { kind: 'rtl', phase: s.body.up < up - ALT_ACCEPT_M ? 'climb' : 'return', up, dest: { n: dest.n, e: dest.e, up: destUp } };
  }

  private forwardGimbal(): void {
    this.events.forward(CMD.DO_GIMBAL_MANAGER_CONFIGURE, [1, 1, -1, -1, 0, 0, 0], true);
    this.events.forward(CMD.DO_GIMBAL_MANAGER_PITCHYAW, [NaN, NaN, NaN, NaN, 2, 0, 0]);
    this.events.forward(CMD.DO_GIMBAL_MANAGER_CONFIGURE, [-3, -3, -1, -1, 0, 0, 0]);
  }

  private forwardLeaveMission(): void {
    this.events.forward(CMD.DO_TRIGGER_CONTROL, [-1, 0, 1, 0, 0, 0, 0], true);
    this.events.forward(CMD.DO_GIMBAL_MANAGER_PITCHYAW, [NaN, NaN, NaN, NaN, 2, 0, 0]);
    this.events.forward(CMD.DO_GIMBAL_MANAGER_CONFIGURE, [-3, -3, -1, -1, 0, 0, 0]);
  }

  /** Mark an item reached: MISSION_ITEM_REACHED now and 10 more times at ≈1 Hz (delivery-flight). */
  markReached(seq: number): void {
    this.s.reached = { seq, sendsLeft: REACHED_SENDS - 1, nextAt: this.s.t + REACHED_INTERVAL_S };
    this.events.reached(seq);
  }

  /** Store an uploaded (or cleared) plan; re-validate the mission against the fence as PX4 does. */
  setPlan(type: PlanType, items: readonly PlanItem[], id: number): void {
    const s = this.s;
    const plan = { items: items.map((i) => ({ ...i })), id };
    if (type === common.MavMissionType.MISSION) {
      s.mission = plan;
      s.missionCurrent = 0;
    } else if (type === common.MavMissionType.FENCE) {
      s.fence = plan;
      loadFence(this);
    } else {
      s.rally = plan;
    }
    if (type !== common.MavMissionType.RALLY) validateMission(this, type === common.MavMissionType.MISSION || s.mission.items.length > 0);
  }

  /** A HEARTBEAT from a GCS (type 6) arrived. */
  gcsHeartbeat(): void {
    const g = this.s.gcs;
    g.lastHeartbeat = this.s.t;
    g.everConnected = true;
    if (g.lost) {
      g.lost = false;
      this.text(SEV.INFO, 'GCS connection regained\t');
    }
  }

  // ── the step ─────────────────────────────────────────────────────────────────────────────────
  /** Advance the vehicle by `dt` seconds. */
  step(dt: number): void {
    const s = this.s;
    s.t += dt;
    if (!s.homeValid && s.t >= this.boot.homeS) s.homeValid = true;
    if (!s.ready && s.t >= this.boot.readyS) s.ready = true;
    if (!this.preflightWarned && s.t >= PREFLIGHT_GCS_WARN_S) {
      this.preflightWarned = true;
      // link-loss 3.654: with NAV_DLL_ACT set, PX4 warned although client heartbeats were running.
      if (this.params.get('NAV_DLL_ACT') !== 0) this.text(SEV.WARNING, 'Preflight Fail: No connection to the ground control station\t');
    }
    const wind = this.wind.step(dt);
    checkFailsafes(this, dt);
    const sp = navigate(this);
    s.body = s.nav.kind === 'fall' ? fall(s.body, dt) : stepBody(s.body, sp, this.limits(), wind, dt);
    const air = Math.hypot(s.body.vn - wind.n, s.body.ve - wind.e);
    s.battery = stepBattery(s.battery, s.batteryModel, this.batteryParams(), { armed: s.armed, flying: this.airborne, airspeedMps: air, climbMps: s.body.vu, dt });
    this.detectTakeoff();
    this.detectLanding(sp.kind === 'land' || s.nav.kind === 'fall');
    if (s.disarmAt && s.t >= s.disarmAt.t) this.disarmAfterLanding(s.disarmAt.reason);
    this.preflightDisarm();
    if (s.reached && s.reached.sendsLeft > 0 && s.t >= s.reached.nextAt) {
      s.reached.sendsLeft--;
      s.reached.nextAt += REACHED_INTERVAL_S;
      this.events.reached(s.reached.seq);
    }
  }

  private detectTakeoff(): void {
    const s = this.s;
    if (!s.armed || s.landed !== 1 || s.takeoffAt !== undefined) return;
    const climbing = s.nav.kind === 'takeoff' || (s.nav.kind === 'mission' && s.t >= s.nav.startedAt);
    if (!climbing) return;
    const startedAt = s.nav.kind === 'takeoff' || s.nav.kind === 'mission' ? s.nav.startedAt : s.t;
    if (s.t >= Math.max(s.armedAt + TAKEOFF_DETECT_AFTER_ARM_S, startedAt + 0.5)) {
      s.takeoffAt = s.t;
      s.flown = true;
      s.landed = 3;
      this.text(SEV.INFO, 'Takeoff detected\t');
    }
  }

  /** When the climb may start (spool-up after arming). */
  climbStartAt(startedAt: number): number {
    return Math.max(this.s.armedAt + CLIMB_START_AFTER_ARM_S, startedAt + 0.5);
  }

  private detectLanding(descending: boolean): void {
    const s = this.s;
    if (!this.airborne || !descending) {
      s.touchdownAt = undefined;
      return;
    }
    if (s.body.up > 0.01) return;
    s.touchdownAt ??= s.t;
    if (s.t - s.touchdownAt < LAND_DETECT_S) return;
    s.touchdownAt = undefined;
    s.landed = 1;
    s.takeoffAt = undefined;
    this.text(SEV.INFO, 'Landing detected\t');
    if (!s.armed) return;
    if (s.nav.kind === 'rtl') this.events.forward(UNNAMED_CMD_0, [0, 2, 80, NaN, 0, 0, s.home.altAmsl], true); // rtl 153.7
    if (s.nav.kind === 'mission') {
      this.markReached(s.nav.seq);
      s.missionCurrent = s.nav.seq;
      this.text(SEV.INFO, 'Mission finished, landed\t');
      s.disarmAt = { t: s.t + 0.1, reason: 'Disarmed by landing' };
    } else {
      s.disarmAt = { t: s.t + this.params.get('COM_DISARM_LAND'), reason: 'Disarmed by landing' };
    }
    s.nav = { kind: 'ground' };
  }

  private disarmAfterLanding(reason: string): void {
    const s = this.s;
    s.disarmAt = undefined;
    this.disarm(reason);
    // HOME_POSITION moves to the landing point after landing and disarm (delivery-flight 207.7).
    const p = this.position();
    s.home = { lat: p.lat, lon: p.lon, altAmsl: p.altAmsl };
  }

  private preflightDisarm(): void {
    const s = this.s;
    const limit = this.params.get('COM_DISARM_PRFLT');
    if (!s.armed || s.flown || s.landed !== 1 || limit <= 0 || s.nav.kind !== 'ground') return;
    if (s.t - s.armedAt >= limit) this.disarm('Disarmed by auto preflight disarming');
  }
}

function fall(b: VehicleState['body'], dt: number): VehicleState['body'] {
  const vu = b.vu - 9.81 * dt;
  const up = Math.max(0, b.up + vu * dt);
  return { ...b, up, vu: up === 0 ? 0 : vu, vn: b.vn * 0.98, ve: b.ve * 0.98 };
}
