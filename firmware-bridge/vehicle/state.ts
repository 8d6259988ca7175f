/**
 * VehicleState: an immutable snapshot of one vehicle, produced by a PURE reducer from the messages
 * it sends. `reduceVehicleState(state, message, nowMs)` never mutates its input and never does
 * I/O, so a tlog replay, a live link and a test table all produce the same states.
 *
 * Only the autopilot component (`state.compid`, PX4: 1) drives telemetry; other components of the
 * same system (camera, gimbal, companion) contribute their STATUSTEXTs only, so a camera's
 * HEARTBEAT cannot disarm the map.
 */
import { common, minimal, type MavLinkData } from '../codec/dialect.js';
import { modeFromCustomMode } from '../px4/modes.js';
import { EMPTY_STATUSTEXT_LOG, expireStatusText, reduceStatusText, type StatusTextChunk, type StatusTextLog } from './statustext.js';

/** Distinct MISSION_ITEM_REACHED events kept (newest last). */
export const REACHED_HISTORY_MAX = 256;

const UINT16_MAX = 0xffff;
const RAD_TO_DEG = 180 / Math.PI;

export interface Position {
  lat: number;
  lon: number;
  altAmslM: number;
  /** Above home. */
  relAltM: number;
}

export interface Velocity {
  northMps: number;
  eastMps: number;
  downMps: number;
  groundSpeedMps: number;
}

export interface AttitudeDeg {
  rollDeg: number;
  pitchDeg: number;
  yawDeg: number;
}

export interface GpsInfo {
  /** GPS_FIX_TYPE without prefix: "NO_GPS", "NO_FIX", "2D_FIX", "3D_FIX", "DGPS", "RTK_FLOAT", "RTK_FIXED", … */
  fixType: string;
  satellites: number | undefined;
  /** GPS_RAW_INT.eph / 100 (unitless HDOP). */
  hdop: number | undefined;
  /** Horizontal accuracy estimate (GPS_RAW_INT.h_acc), metres. */
  hAccM: number | undefined;
}

export interface BatteryInfo {
  remainingPct: number | undefined;
  voltageV: number | undefined;
  currentA: number | undefined;
  /** MAV_BATTERY_CHARGE_STATE without prefix ("OK", "LOW", "CRITICAL", "EMERGENCY", …); BATTERY_STATUS only. */
  chargeState: string | undefined;
}

export interface MissionProgress {
  currentSeq: number;
  /** Items stored: 0 when none (PX4 sends 65535 then), undefined when the autopilot does not say (0). */
  total: number | undefined;
  /** CRC32 ids of the stored plans (MISSION_ACK opaque_id); 0 = none. Compare to decide on a re-download. */
  missionId: number;
  fenceId: number;
  rallyId: number;
}

export interface HomePosition {
  lat: number;
  lon: number;
  altAmslM: number;
}

export interface VehicleState {
  readonly sysid: number;
  /** The autopilot component whose telemetry we trust (PX4: 1). */
  readonly compid: number;
  /** False once the registry saw no HEARTBEAT for its timeout; true again with the next one. */
  readonly connected: boolean;
  /** MAV_TYPE (2 = quadrotor) and MAV_AUTOPILOT (12 = PX4) from HEARTBEAT. */
  readonly vehicleType: number | undefined;
  readonly autopilot: number | undefined;
  readonly armed: boolean;
  readonly baseMode: number | undefined;
  readonly customMode: number | undefined;
  /** PX4 mode name ("Hold", "Mission", "RTL", …) or "Unknown(0x…)". */
  readonly flightMode: string | undefined;
  /** MAV_STATE name: "UNINIT", "STANDBY", "ACTIVE", "CRITICAL", … */
  readonly systemStatus: string | undefined;
  /** MAV_LANDED_STATE name: "ON_GROUND", "TAKEOFF", "IN_AIR", "LANDING", "UNDEFINED". */
  readonly landedState: string | undefined;
  readonly position: Position | undefined;
  readonly velocity: Velocity | undefined;
  readonly headingDeg: number | undefined;
  readonly attitude: AttitudeDeg | undefined;
  readonly gps: GpsInfo | undefined;
  readonly battery: BatteryInfo | undefined;
  readonly mission: MissionProgress | undefined;
  /** Each distinct MISSION_ITEM_REACHED (PX4 repeats the latest ~10× at 1 Hz; repeats are dropped). */
  readonly reachedItems: readonly number[];
  readonly lastReachedSeq: number | undefined;
  readonly home: HomePosition | undefined;
  readonly statusTexts: StatusTextLog;
  /** Last receive time per message name, for staleness checks. */
  readonly lastMessageAtMs: Readonly<Record<string, number>>;
}

/** The message shape the reducer reads (an InboundMessage satisfies it). */
export interface VehicleMessage {
  frame: { sysid: number; compid: number };
  name: string;
  data: MavLinkData | undefined;
}

/**
 * State before any message.
 * @example let s = initialVehicleState(1)
 */
export function initialVehicleState(sysid: number, compid = 1): VehicleState {
  return {
    sysid,
    compid,
    connected: false,
    vehicleType: undefined,
    autopilot: undefined,
    armed: false,
    baseMode: undefined,
    customMode: undefined,
    flightMode: undefined,
    systemStatus: undefined,
    landedState: undefined,
    position: undefined,
    velocity: undefined,
    headingDeg: undefined,
    attitude: undefined,
    gps: undefined,
    battery: undefined,
    mission: undefined,
    reachedItems: [],
    lastReachedSeq: undefined,
    home: undefined,
    statusTexts: EMPTY_STATUSTEXT_LOG,
    lastMessageAtMs: {},
  };
}

function enumName(e: object, value: number, prefix = ''): string {
  const n = (e as Record<number, string | undefined>)[value];
  return n === undefined ? `UNKNOWN_${value}` : n.startsWith(prefix) ? n.slice(prefix.length) : n;
}

const unless = <T extends number>(v: T, sentinel: number): T | undefined => (v === sentinel ? undefined : v);

/**
 * Fold one message into the snapshot. Returns `state` itself for messages of another system.
 * @example state = reduceVehicleState(state, inboundMessage, clock.now())
 */
export function reduceVehicleState(state: VehicleState, msg: VehicleMessage, nowMs: number): VehicleState {
  if (msg.frame.sysid !== state.sysid) return state;
  const d = msg.data;
  if (msg.frame.compid !== state.compid) {
    if (!(d instanceof common.StatusText)) return state;
    return { ...state, statusTexts: reduceStatusText(state.statusTexts, chunkOf(d, msg.frame.compid), nowMs) };
  }
  // Any traffic flushes STATUSTEXT chunks whose last chunk never came (same object when none pending).
  const s: VehicleState = {
    ...state,
    lastMessageAtMs: { ...state.lastMessageAtMs, [msg.name]: nowMs },
    statusTexts: expireStatusText(state.statusTexts, nowMs),
  };
  if (d === undefined) return s;
  if (d instanceof minimal.Heartbeat) return heartbeat(s, d);
  if (d instanceof common.GlobalPositionInt) {
    const vx = d.vx / 100;
    const vy = d.vy / 100;
    return {
      ...s,
      position: { lat: d.lat / 1e7, lon: d.lon / 1e7, altAmslM: d.alt / 1000, relAltM: d.relativeAlt / 1000 },
      velocity: { northMps: vx, eastMps: vy, downMps: d.vz / 100, groundSpeedMps: Math.hypot(vx, vy) },
      headingDeg: d.hdg === UINT16_MAX ? s.headingDeg : d.hdg / 100,
    };
  }
  if (d instanceof common.Attitude) {
    return { ...s, attitude: { rollDeg: d.roll * RAD_TO_DEG, pitchDeg: d.pitch * RAD_TO_DEG, yawDeg: d.yaw * RAD_TO_DEG } };
  }
  if (d instanceof common.GpsRawInt) {
    const hAcc = Number(d.hAcc);
    return {
      ...s,
      gps: {
        fixType: enumName(common.GpsFixType, Number(d.fixType), 'GPS_FIX_TYPE_'),
        satellites: unless(d.satellitesVisible, 255),
        hdop: d.eph === UINT16_MAX ? undefined : d.eph / 100,
        hAccM: hAcc > 0 ? hAcc / 1000 : undefined,
      },
    };
  }
  if (d instanceof common.SysStatus) {
    return {
      ...s,
      battery: {
        chargeState: s.battery?.chargeState,
        remainingPct: unless(d.batteryRemaining, -1),
        voltageV: d.voltageBattery === UINT16_MAX ? undefined : d.voltageBattery / 1000,
        currentA: d.currentBattery === -1 ? undefined : d.currentBattery / 100,
      },
    };
  }
  if (d instanceof common.BatteryStatus) return batteryStatus(s, d);
  if (d instanceof common.ExtendedSysState) return { ...s, landedState: enumName(common.MavLandedState, Number(d.landedState)) };
  if (d instanceof common.MissionCurrent) {
    return {
      ...s,
      mission: {
        currentSeq: d.seq,
        total: d.total === UINT16_MAX ? 0 : d.total === 0 ? undefined : d.total,
        missionId: d.missionId,
        fenceId: d.fenceId,
        rallyId: d.rallyPointsId,
      },
    };
  }
  if (d instanceof common.MissionItemReached) {
    // PX4 repeats the most recent reached seq at 1 Hz (11 sends) until a newer item is reached.
    if (d.seq === s.lastReachedSeq) return s;
    return { ...s, lastReachedSeq: d.seq, reachedItems: [...s.reachedItems, d.seq].slice(-REACHED_HISTORY_MAX) };
  }
  if (d instanceof common.HomePosition) {
    return { ...s, home: { lat: d.latitude / 1e7, lon: d.longitude / 1e7, altAmslM: d.altitude / 1000 } };
  }
  if (d instanceof common.StatusText) {
    return { ...s, statusTexts: reduceStatusText(s.statusTexts, chunkOf(d, msg.frame.compid), nowMs) };
  }
  return s;
}

function chunkOf(d: common.StatusText, compid: number): StatusTextChunk {
  return { compid, severity: Number(d.severity), text: d.text, id: d.id, chunkSeq: d.chunkSeq };
}

function heartbeat(s: VehicleState, d: minimal.Heartbeat): VehicleState {
  // A GCS or other non-autopilot heartbeat says nothing about this vehicle's mode or arming.
  if (Number(d.autopilot) === minimal.MavAutopilot.INVALID) return s;
  const baseMode = Number(d.baseMode);
  const autopilot = Number(d.autopilot);
  return {
    ...s,
    connected: true,
    vehicleType: Number(d.type),
    autopilot,
    baseMode,
    armed: (baseMode & minimal.MavModeFlag.SAFETY_ARMED) !== 0,
    customMode: d.customMode,
    // custom_mode is autopilot-specific; only PX4's layout is known here.
    flightMode: autopilot === minimal.MavAutopilot.PX4 ? modeFromCustomMode(d.customMode).name : `Unknown(0x${(d.customMode >>> 0).toString(16).padStart(8, '0')})`,
    systemStatus: enumName(minimal.MavState, Number(d.systemStatus)),
  };
}

function batteryStatus(s: VehicleState, d: common.BatteryStatus): VehicleState {
  // PX4 uses battery id 0 for the main pack; secondary packs would overwrite it here.
  if (d.id !== 0) return s;
  // voltages[]: mV per cell, UINT16_MAX = unused (PX4 SITL puts the pack voltage in [0]); voltages_ext: 0 = unused.
  const cells = [...d.voltages.filter((v) => v !== UINT16_MAX), ...(d.voltagesExt ?? []).filter((v) => v !== 0)];
  return {
    ...s,
    battery: {
      remainingPct: unless(d.batteryRemaining, -1),
      voltageV: cells.length ? cells.reduce((a, b) => a + b, 0) / 1000 : s.battery?.voltageV,
      currentA: d.currentBattery === -1 ? undefined : d.currentBattery / 100,
      chargeState: enumName(common.MavBatteryChargeState, Number(d.chargeState), 'MAV_BATTERY_CHARGE_STATE_'),
    },
  };
}

/** Return a copy marked (dis)connected; the registry calls this on heartbeat timeout. @example markConnected(s, false) */
export function markConnected(state: VehicleState, connected: boolean): VehicleState {
  return state.connected === connected ? state : { ...state, connected };
}

/**
 * Milliseconds since a message of this name last arrived; undefined if never.
 * @example messageAgeMs(state, 'GLOBAL_POSITION_INT', clock.now()) // e.g. 20
 */
export function messageAgeMs(state: VehicleState, name: string, nowMs: number): number | undefined {
  const t = state.lastMessageAtMs[name];
  return t === undefined ? undefined : nowMs - t;
}

/**
 * True when the message never arrived or is older than `maxAgeMs`.
 * @example isStale(state, 'GLOBAL_POSITION_INT', now, 2000)
 */
export function isStale(state: VehicleState, name: string, nowMs: number, maxAgeMs: number): boolean {
  const age = messageAgeMs(state, name, nowMs);
  return age === undefined || age > maxAgeMs;
}
