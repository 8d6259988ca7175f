/**
 * Vehicle state → the MAVLink messages PX4 1.16 SITL sends, with field values shaped like the
 * traces in ../shared/px4 (constants such as sensor bitmasks are copied from them). Pure builders.
 */
import { common, minimal, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { PX4_MAIN_MODE } from '../../firmware-bridge/px4/modes.js';
import { voltageV } from '../physics/battery.js';
import { MODE, sameMode } from '../vehicle/state.js';
import type { Px4Vehicle } from '../vehicle/vehicle.js';
import { bootMs, bootUs, en } from './encode.js';

/** SYS_STATUS sensor words from boot-idle (before / after the prearm check passes). */
const SENSORS_BOOT = { present: 33570831, enabled: 33636367, health: 52463679 };
const SENSORS_READY = { present: 33570863, enabled: 33636399, health: 0x1320c03f };
const PREARM_BIT = 0x10000000;

/** base_mode as recorded per main mode (disarmed); armed adds 0x80. */
export function baseModeOf(v: Px4Vehicle): number {
  const m = v.s.mode.main;
  const base = m === PX4_MAIN_MODE.AUTO ? 0x1d : m === PX4_MAIN_MODE.ACRO ? 0x41 : m === PX4_MAIN_MODE.OFFBOARD ? 0x01 : 0x51;
  return base | (v.s.armed ? 0x80 : 0);
}

/** system_status: UNINIT during boot and in most modes while disarmed, STANDBY, ACTIVE, CRITICAL. */
export function systemStatusOf(v: Px4Vehicle): number {
  const s = v.s;
  if (!s.ready) return 0;
  if (s.armed) return s.failsafe.active ? 5 : 4;
  const standby = sameMode(s.mode, MODE.HOLD) || sameMode(s.mode, MODE.TAKEOFF) || (sameMode(s.mode, MODE.MISSION) && s.missionValid);
  return standby ? 3 : 0;
}

export function heartbeat(v: Px4Vehicle): MavLinkData {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.QUADROTOR;
  m.autopilot = minimal.MavAutopilot.PX4;
  m.baseMode = en(baseModeOf(v));
  m.customMode = v.customMode;
  m.systemStatus = en(systemStatusOf(v));
  m.mavlinkVersion = 3;
  return m;
}


export function sysStatus(v: Px4Vehicle): MavLinkData {
  const s = v.s;
  const m = new common.SysStatus();
  const w = s.ready ? SENSORS_READY : SENSORS_BOOT;
  const prearm = s.ready && !s.gcs.lost;
  m.onboardControlSensorsPresent = en(w.present);
  m.onboardControlSensorsEnabled = en(w.enabled);
  m.onboardControlSensorsHealth = en(prearm ? w.health : w.health & ~PREARM_BIT);
  m.load = 215;
  m.voltageBattery = Math.round(voltageV(v.batteryParams(), s.battery.reportedSoc) * 1000);
  m.currentBattery = -100;
  m.batteryRemaining = Math.round(s.battery.reportedSoc * 100);
  m.dropRateComm = 0;
  m.errorsComm = 0;
  m.errorsCount1 = 0;
  m.errorsCount2 = 0;
  m.errorsCount3 = 0;
  m.errorsCount4 = 0;
  m.onboardControlSensorsPresentExtended = en(0);
  m.onboardControlSensorsEnabledExtended = en(0);
  m.onboardControlSensorsHealthExtended = en(1);
  return m;
}

export function globalPositionInt(v: Px4Vehicle): MavLinkData {
  const p = v.position();
  const b = v.s.body;
  const m = new common.GlobalPositionInt();
  m.timeBootMs = bootMs(v);
  m.lat = Math.round(p.lat * 1e7);
  m.lon = Math.round(p.lon * 1e7);
  m.alt = Math.round(p.altAmsl * 1000);
  m.relativeAlt = Math.round(p.relAlt * 1000);
  m.vx = Math.round(b.vn * 100);
  m.vy = Math.round(b.ve * 100);
  m.vz = Math.round(-b.vu * 100);
  m.hdg = Math.round((((b.yaw * 180) / Math.PI + 360) % 360) * 100) % 36000;
  return m;
}

export function localPositionNed(v: Px4Vehicle): MavLinkData {
  const b = v.s.body;
  const m = new common.LocalPositionNed();
  m.timeBootMs = bootMs(v);
  m.x = b.n;
  m.y = b.e;
  m.z = -b.up;
  m.vx = b.vn;
  m.vy = b.ve;
  m.vz = -b.vu;
  return m;
}

function tilt(v: Px4Vehicle): { roll: number; pitch: number } {
  const b = v.s.body;
  // A multicopter tilts into its velocity; a crude mapping good enough for a map arrow.
  const fwd = b.vn * Math.cos(b.yaw) + b.ve * Math.sin(b.yaw);
  return { roll: 0, pitch: v.airborne ? -Math.min(0.8, fwd * 0.05) : 0 };
}

export function attitude(v: Px4Vehicle): MavLinkData {
  const m = new common.Attitude();
  const t = tilt(v);
  m.timeBootMs = bootMs(v);
  m.roll = t.roll;
  m.pitch = t.pitch;
  m.yaw = v.s.body.yaw > Math.PI ? v.s.body.yaw - 2 * Math.PI : v.s.body.yaw;
  m.rollspeed = 0;
  m.pitchspeed = 0;
  m.yawspeed = 0;
  return m;
}

function quat(v: Px4Vehicle): number[] {
  const y = v.s.body.yaw / 2;
  const p = tilt(v).pitch / 2;
  return [Math.cos(y) * Math.cos(p), -Math.sin(y) * Math.sin(p), Math.cos(y) * Math.sin(p), Math.sin(y) * Math.cos(p)];
}

export function attitudeQuaternion(v: Px4Vehicle): MavLinkData {
  const m = new common.AttitudeQuaternion();
  const [q1, q2, q3, q4] = quat(v);
  m.timeBootMs = bootMs(v);
  m.q1 = q1!;
  m.q2 = q2!;
  m.q3 = q3!;
  m.q4 = q4!;
  m.rollspeed = 0;
  m.pitchspeed = 0;
  m.yawspeed = 0;
  m.reprOffsetQ = [0, 0, 0, 0];
  return m;
}

export function attitudeTarget(v: Px4Vehicle): MavLinkData {
  const m = new common.AttitudeTarget();
  m.timeBootMs = bootMs(v);
  m.typeMask = en(0);
  m.q = quat(v);
  m.bodyRollRate = 0;
  m.bodyPitchRate = 0;
  m.bodyYawRate = 0;
  m.thrust = v.s.armed ? 0.5 : 0.001;
  return m;
}

export function positionTargetLocalNed(v: Px4Vehicle): MavLinkData {
  const m = new common.PositionTargetLocalNed();
  const b = v.s.body;
  m.timeBootMs = bootMs(v);
  m.coordinateFrame = en(1);
  m.typeMask = en(v.airborne ? 0 : 63);
  m.x = v.airborne ? b.n : NaN;
  m.y = v.airborne ? b.e : NaN;
  m.z = v.airborne ? -b.up : NaN;
  m.vx = v.airborne ? b.vn : NaN;
  m.vy = v.airborne ? b.ve : NaN;
  m.vz = v.airborne ? -b.vu : NaN;
  m.afx = 0;
  m.afy = 0;
  m.afz = 100;
  m.yaw = b.yaw;
  m.yawRate = 0;
  return m;
}

export function positionTargetGlobalInt(v: Px4Vehicle): MavLinkData {
  const m = new common.PositionTargetGlobalInt();
  const p = v.position();
  m.timeBootMs = bootMs(v);
  m.coordinateFrame = en(5);
  m.typeMask = en(0);
  m.latInt = Math.round(p.lat * 1e7);
  m.lonInt = Math.round(p.lon * 1e7);
  m.alt = p.altAmsl;
  m.vx = NaN;
  m.vy = NaN;
  m.vz = NaN;
  m.afx = 0;
  m.afy = 0;
  m.afz = 100;
  m.yaw = v.s.body.yaw;
  m.yawRate = 0;
  return m;
}

export function servoOutputRaw(v: Px4Vehicle): MavLinkData {
  const m = new common.ServoOutputRaw();
  const pwm = v.s.armed ? (v.airborne ? 1500 : 1100) : 900;
  m.timeUsec = Number(bootUs(v) & 0xffffffffn);
  m.port = 0;
  for (let i = 1; i <= 16; i++) (m as unknown as Record<string, number>)[`servo${i}Raw`] = i <= 4 ? pwm : 900;
  return m;
}

export function gpsRawInt(v: Px4Vehicle): MavLinkData {
  const p = v.position();
  const b = v.s.body;
  const ok = v.s.gpsOk;
  const m = new common.GpsRawInt();
  m.timeUsec = bootUs(v);
  m.fixType = en(ok ? 3 : 0);
  m.lat = ok ? Math.round(p.lat * 1e7) : 0;
  m.lon = ok ? Math.round(p.lon * 1e7) : 0;
  m.alt = ok ? Math.round(p.altAmsl * 1000) : 0;
  m.eph = ok ? 70 : 65535;
  m.epv = ok ? 110 : 65535;
  m.vel = Math.round(Math.hypot(b.vn, b.ve) * 100);
  m.cog = Math.round((((Math.atan2(b.ve, b.vn) * 180) / Math.PI + 360) % 360) * 100) % 36000;
  m.satellitesVisible = ok ? 10 : 0;
  m.altEllipsoid = m.alt;
  m.hAcc = 900;
  m.vAcc = 1780;
  m.velAcc = 400;
  m.hdgAcc = 0;
  m.yaw = 0;
  return m;
}

export function vfrHud(v: Px4Vehicle): MavLinkData {
  const b = v.s.body;
  const m = new common.VfrHud();
  m.airspeed = 0;
  m.groundspeed = Math.hypot(b.vn, b.ve);
  m.heading = Math.round((((b.yaw * 180) / Math.PI + 360) % 360)) % 360;
  m.throttle = v.airborne ? 56 : 0;
  m.alt = v.position().altAmsl;
  m.climb = b.vu;
  return m;
}

export function extendedSysState(v: Px4Vehicle): MavLinkData {
  const m = new common.ExtendedSysState();
  m.vtolState = en(0);
  m.landedState = en(v.s.landed);
  return m;
}

export function batteryStatus(v: Px4Vehicle): MavLinkData {
  const s = v.s;
  const m = new common.BatteryStatus();
  m.id = 0;
  m.batteryFunction = en(1);
  m.type = en(1);
  m.temperature = 32767;
  m.voltages = [Math.round(voltageV(v.batteryParams(), s.battery.reportedSoc) * 1000), ...new Array<number>(9).fill(65535)];
  m.currentBattery = -100;
  m.currentConsumed = 0;
  m.energyConsumed = -1;
  m.batteryRemaining = Math.round(s.battery.reportedSoc * 100);
  m.timeRemaining = 0;
  m.chargeState = en(s.batteryLevel + 1); // OK 1, LOW 2, CRITICAL 3, EMERGENCY 4
  m.voltagesExt = [0, 0, 0, 0];
  m.mode = en(0);
  m.faultBitmask = en(0);
  return m;
}

export function homePosition(v: Px4Vehicle): MavLinkData {
  const h = v.s.home;
  const ne = v.local(h);
  const m = new common.HomePosition();
  m.latitude = Math.round(h.lat * 1e7);
  m.longitude = Math.round(h.lon * 1e7);
  m.altitude = Math.round(h.altAmsl * 1000);
  m.x = ne.n;
  m.y = ne.e;
  m.z = -(h.altAmsl - v.s.origin.altAmsl);
  m.q = [1, 0, 0, 0];
  m.approachX = 0;
  m.approachY = 0;
  m.approachZ = 0;
  m.timeUsec = bootUs(v);
  return m;
}

export function missionCurrent(v: Px4Vehicle): MavLinkData {
  const s = v.s;
  const m = new common.MissionCurrent();
  const n = s.mission.items.length;
  m.seq = n === 0 ? 0 : Math.min(s.missionCurrent, n - 1);
  m.total = n === 0 ? 65535 : n;
  m.missionState = en(0);
  m.missionMode = 0;
  m.missionId = s.mission.id >>> 0;
  m.fenceId = s.fence.id >>> 0;
  m.rallyPointsId = s.rally.id >>> 0;
  return m;
}

export function missionItemReached(seq: number): MavLinkData {
  const m = new common.MissionItemReached();
  m.seq = seq;
  return m;
}

export * from './messages-aux.js';
