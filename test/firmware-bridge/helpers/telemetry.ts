/** Typical PX4 telemetry messages with every field set (node-mavlink enum defaults are strings). */
import { common, minimal, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';

export function heartbeat(customMode = 0x03040000, baseMode = 0x1d): MavLinkData {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.QUADROTOR;
  m.autopilot = minimal.MavAutopilot.PX4;
  m.baseMode = baseMode as minimal.MavModeFlag;
  m.customMode = customMode;
  m.systemStatus = minimal.MavState.STANDBY;
  m.mavlinkVersion = 3;
  return m;
}

export function attitude(i: number): MavLinkData {
  const m = new common.Attitude();
  m.timeBootMs = i * 20;
  m.roll = Math.sin(i) * 0.1;
  m.pitch = Math.cos(i) * 0.1;
  m.yaw = (i % 628) / 100;
  m.rollspeed = 0.01;
  m.pitchspeed = -0.01;
  m.yawspeed = 0;
  return m;
}

export function globalPosition(i: number): MavLinkData {
  const m = new common.GlobalPositionInt();
  m.timeBootMs = i * 20;
  m.lat = Math.round((53.5508 + i * 1e-6) * 1e7);
  m.lon = Math.round((9.9925 + i * 1e-6) * 1e7);
  m.alt = 10_000 + (i % 1000);
  m.relativeAlt = i % 1000;
  m.vx = 100;
  m.vy = -50;
  m.vz = 0;
  m.hdg = (i * 10) % 36000;
  return m;
}

export function sysStatus(i: number): MavLinkData {
  const m = new common.SysStatus();
  m.onboardControlSensorsPresent = 0x1320c03f as common.MavSysStatusSensor;
  m.onboardControlSensorsEnabled = 0x1320c03f as common.MavSysStatusSensor;
  m.onboardControlSensorsHealth = 0x1320c03f as common.MavSysStatusSensor;
  m.load = 200;
  m.voltageBattery = 16_000 - (i % 100);
  m.currentBattery = -1;
  m.batteryRemaining = 90;
  m.dropRateComm = 0;
  m.errorsComm = 0;
  m.errorsCount1 = 0;
  m.errorsCount2 = 0;
  m.errorsCount3 = 0;
  m.errorsCount4 = 0;
  m.onboardControlSensorsPresentExtended = 0 as common.MavSysStatusSensorExtended;
  m.onboardControlSensorsEnabledExtended = 0 as common.MavSysStatusSensorExtended;
  m.onboardControlSensorsHealthExtended = 0 as common.MavSysStatusSensorExtended;
  return m;
}

/** The mix the decode benchmarks use: 40 % ATTITUDE, 40 % GLOBAL_POSITION_INT, 10 % SYS_STATUS, 10 % HEARTBEAT. */
export function telemetryMix(i: number): MavLinkData {
  const k = i % 10;
  if (k < 4) return attitude(i);
  if (k < 8) return globalPosition(i);
  if (k === 8) return sysStatus(i);
  return heartbeat();
}
