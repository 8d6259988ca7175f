/** PX4-like message factories with every field set (node-mavlink enum defaults are strings). */
import { common, minimal } from '../../../firmware-bridge/codec/dialect.js';

export function hb(o: { customMode?: number; baseMode?: number; status?: number; autopilot?: number; type?: number } = {}): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = (o.type ?? minimal.MavType.QUADROTOR) as minimal.MavType;
  m.autopilot = (o.autopilot ?? minimal.MavAutopilot.PX4) as minimal.MavAutopilot;
  m.baseMode = (o.baseMode ?? 0x1d) as minimal.MavModeFlag;
  m.customMode = o.customMode ?? 0x03040000;
  m.systemStatus = (o.status ?? minimal.MavState.STANDBY) as minimal.MavState;
  m.mavlinkVersion = 3;
  return m;
}

export function gcsHb(): minimal.Heartbeat {
  return hb({ type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, baseMode: 0, customMode: 0, status: minimal.MavState.ACTIVE });
}

export function globalPos(o: { lat: number; lon: number; altMm: number; relMm: number; vx?: number; vy?: number; vz?: number; hdg?: number }): common.GlobalPositionInt {
  const m = new common.GlobalPositionInt();
  m.timeBootMs = 1000;
  m.lat = o.lat;
  m.lon = o.lon;
  m.alt = o.altMm;
  m.relativeAlt = o.relMm;
  m.vx = o.vx ?? 0;
  m.vy = o.vy ?? 0;
  m.vz = o.vz ?? 0;
  m.hdg = o.hdg ?? 65535;
  return m;
}

export function attitude(roll: number, pitch: number, yaw: number): common.Attitude {
  const m = new common.Attitude();
  Object.assign(m, { timeBootMs: 1, roll, pitch, yaw, rollspeed: 0, pitchspeed: 0, yawspeed: 0 });
  return m;
}

export function gpsRaw(fix: number, sats: number, eph: number, hAccMm = 900): common.GpsRawInt {
  const m = new common.GpsRawInt();
  Object.assign(m, {
    timeUsec: 400000n,
    fixType: fix,
    lat: 535507989,
    lon: 99925015,
    alt: 10043,
    eph,
    epv: 110,
    vel: 7,
    cog: 34216,
    satellitesVisible: sats,
    altEllipsoid: 10043,
    hAcc: hAccMm,
    vAcc: 1780,
    velAcc: 400,
    hdgAcc: 0,
    yaw: 0,
  });
  return m;
}

export function sysStatus(remaining: number, voltageMv: number, currentCa = -1): common.SysStatus {
  const m = new common.SysStatus();
  Object.assign(m, {
    onboardControlSensorsPresent: 0,
    onboardControlSensorsEnabled: 0,
    onboardControlSensorsHealth: 0x1320c03f,
    load: 117,
    voltageBattery: voltageMv,
    currentBattery: currentCa,
    batteryRemaining: remaining,
    dropRateComm: 0,
    errorsComm: 0,
    errorsCount1: 0,
    errorsCount2: 0,
    errorsCount3: 0,
    errorsCount4: 0,
    onboardControlSensorsPresentExtended: 0,
    onboardControlSensorsEnabledExtended: 0,
    onboardControlSensorsHealthExtended: 1,
  });
  return m;
}

export function batteryStatus(o: { remaining: number; voltages: number[]; chargeState: number; id?: number; currentCa?: number }): common.BatteryStatus {
  const m = new common.BatteryStatus();
  Object.assign(m, {
    id: o.id ?? 0,
    batteryFunction: 1,
    type: 1,
    temperature: 32767,
    voltages: [...o.voltages, ...Array(10 - o.voltages.length).fill(65535)],
    currentBattery: o.currentCa ?? -100,
    currentConsumed: 0,
    energyConsumed: -1,
    batteryRemaining: o.remaining,
    timeRemaining: 0,
    chargeState: o.chargeState,
    voltagesExt: [0, 0, 0, 0],
    mode: 0,
    faultBitmask: 0,
  });
  return m;
}

export function extSysState(landed: number): common.ExtendedSysState {
  const m = new common.ExtendedSysState();
  m.vtolState = 0 as common.MavVtolState;
  m.landedState = landed as common.MavLandedState;
  return m;
}

export function missionCurrent(seq: number, total: number, missionId = 0, fenceId = 0, rallyId = 0): common.MissionCurrent {
  const m = new common.MissionCurrent();
  Object.assign(m, { seq, total, missionState: 0, missionMode: 0, missionId, fenceId, rallyPointsId: rallyId });
  return m;
}

export function reached(seq: number): common.MissionItemReached {
  const m = new common.MissionItemReached();
  m.seq = seq;
  return m;
}

export function home(lat: number, lon: number, altMm: number): common.HomePosition {
  const m = new common.HomePosition();
  Object.assign(m, { latitude: lat, longitude: lon, altitude: altMm, x: 0, y: 0, z: 0, q: [1, 0, 0, 0], approachX: 0, approachY: 0, approachZ: 0, timeUsec: 0n });
  return m;
}

export function statusText(text: string, severity = 6, id = 0, chunkSeq = 0): common.StatusText {
  const m = new common.StatusText();
  m.severity = severity as common.MavSeverity;
  m.text = text;
  m.id = id;
  m.chunkSeq = chunkSeq;
  return m;
}
