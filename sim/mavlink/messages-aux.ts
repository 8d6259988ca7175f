/**
 * The rest of PX4's GCS-link messages: slow housekeeping streams and one-shot answers (AUTOPILOT_VERSION,
 * PROTOCOL_VERSION), with field values shaped like the traces. Pure builders.
 */
import { common, standard, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { CurrentEventSequence, LinkNodeStatus, ProtocolVersion, TimeEstimateToTarget } from '../../firmware-bridge/codec/px4-extras.js';
import type { Px4Vehicle } from '../vehicle/vehicle.js';
import { bootMs, bootUs, en } from './encode.js';

export function altitude(v: Px4Vehicle): MavLinkData {
  const m = new common.Altitude();
  const p = v.position();
  m.timeUsec = bootUs(v);
  m.altitudeMonotonic = p.altAmsl;
  m.altitudeAmsl = p.altAmsl;
  m.altitudeLocal = v.s.body.up;
  m.altitudeRelative = p.relAlt;
  m.altitudeTerrain = NaN;
  m.bottomClearance = NaN;
  return m;
}

export function scaledPressure(v: Px4Vehicle): MavLinkData {
  const m = new common.ScaledPressure();
  m.timeBootMs = bootMs(v);
  m.pressAbs = 1013.25 * Math.pow(1 - 2.25577e-5 * v.position().altAmsl, 5.25588);
  m.pressDiff = 0;
  m.temperature = 1493;
  m.temperaturePressDiff = 0;
  return m;
}

export function linkNodeStatus(v: Px4Vehicle, sent: number, received: number): MavLinkData {
  const m = new LinkNodeStatus();
  m.timestamp = bootUs(v);
  m.messagesSent = sent >>> 0;
  m.messagesReceived = received >>> 0;
  return m;
}

export function currentMode(v: Px4Vehicle): MavLinkData {
  const m = new common.CurrentMode();
  m.standardMode = en(0);
  m.customMode = v.customMode;
  m.intendedCustomMode = v.customMode;
  return m;
}

export function estimatorStatus(v: Px4Vehicle): MavLinkData {
  const m = new common.EstimatorStatus();
  m.timeUsec = bootUs(v);
  m.flags = en(v.s.gpsOk ? 229 : 0);
  m.velRatio = NaN;
  m.posHorizRatio = NaN;
  m.posVertRatio = 0.014;
  m.magRatio = NaN;
  m.haglRatio = 0.0016;
  m.tasRatio = NaN;
  m.posHorizAccuracy = 0.0145;
  m.posVertAccuracy = 0.2;
  return m;
}

export function timeEstimateToTarget(): MavLinkData {
  const m = new TimeEstimateToTarget();
  m.safeReturn = 0;
  m.land = -1;
  m.missionNextItem = -1;
  m.missionEnd = -1;
  m.commandedAction = -1;
  return m;
}

export function currentEventSequence(seq: number): MavLinkData {
  const m = new CurrentEventSequence();
  m.sequence = seq & 0xffff;
  m.flags = 1;
  return m;
}

export function ping(v: Px4Vehicle, seq: number): MavLinkData {
  const m = new common.Ping();
  m.timeUsec = bootUs(v);
  m.seq = seq >>> 0;
  m.targetSystem = 0;
  m.targetComponent = 0;
  return m;
}

export function vibration(v: Px4Vehicle): MavLinkData {
  const m = new common.Vibration();
  m.timeUsec = bootUs(v);
  m.vibrationX = 0;
  m.vibrationY = 0.1;
  m.vibrationZ = 1.44;
  m.clipping0 = 0;
  m.clipping1 = 0;
  m.clipping2 = 0;
  return m;
}

export function gpsGlobalOrigin(v: Px4Vehicle): MavLinkData {
  const o = v.s.origin;
  const m = new common.GpsGlobalOrigin();
  m.latitude = Math.round(o.lat * 1e7);
  m.longitude = Math.round(o.lon * 1e7);
  m.altitude = Math.round(o.altAmsl * 1000);
  m.timeUsec = bootUs(v);
  return m;
}

/** AUTOPILOT_VERSION as recorded (autopilot-version.json): 1.16.0 RC, capabilities 0xE8FF. */
export function autopilotVersion(): MavLinkData {
  const m = new standard.AutopilotVersion();
  m.capabilities = en(59647n);
  m.flightSwVersion = 0x011000c0;
  m.middlewareSwVersion = 0x011000c0;
  m.osSwVersion = 0x06122cff;
  m.boardVersion = 1;
  m.flightCustomVersion = [0, 0, 0, 230, 191, 101, 124, 182];
  m.middlewareCustomVersion = [0, 0, 0, 230, 191, 101, 124, 182];
  m.osCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
  m.vendorId = 0;
  m.productId = 0;
  m.uid = 5283920058631409231n;
  m.uid2 = new Array<number>(18).fill(0);
  return m;
}

export function protocolVersion(): MavLinkData {
  const m = new ProtocolVersion();
  m.version = 200;
  m.minVersion = 100;
  m.maxVersion = 200;
  m.libraryVersionHash = [2, 246, 129, 2, 216, 118, 253, 91];
  return m;
}

/** DISTANCE_SENSOR as SIH sends it (no rangefinder reading, orientation 25 = down). */
export function distanceSensor(v: Px4Vehicle): MavLinkData {
  const m = new common.DistanceSensor();
  m.timeBootMs = bootMs(v);
  m.minDistance = 0;
  m.maxDistance = 10000;
  m.currentDistance = 0;
  m.type = en(0);
  m.id = 0;
  m.orientation = en(25);
  m.covariance = 0;
  m.horizontalFov = 0;
  m.verticalFov = 0;
  m.quaternion = [0, 0, 0, 0];
  m.signalQuality = 0;
  return m;
}

/** OPEN_DRONE_ID_LOCATION (1 Hz on PX4's GCS link). */
export function odidLocation(v: Px4Vehicle): MavLinkData {
  const p = v.position();
  const b = v.s.body;
  const m = new common.OpenDroneIdLocation();
  m.targetSystem = 0;
  m.targetComponent = 0;
  m.idOrMac = new Array<number>(20).fill(0);
  m.status = en(v.airborne ? 2 : 1);
  m.direction = Math.round(((((Math.atan2(b.ve, b.vn) * 180) / Math.PI + 360) % 360) * 100)) % 36000;
  m.speedHorizontal = Math.min(25425, Math.round(Math.hypot(b.vn, b.ve) * 100));
  m.speedVertical = Math.round(b.vu * 100);
  m.latitude = Math.round(p.lat * 1e7);
  m.longitude = Math.round(p.lon * 1e7);
  m.altitudeBarometric = p.altAmsl;
  m.altitudeGeodetic = p.altAmsl;
  m.heightReference = en(0);
  m.height = v.airborne ? p.relAlt : -1000;
  m.horizontalAccuracy = en(12);
  m.verticalAccuracy = en(5);
  m.barometerAccuracy = en(0);
  m.speedAccuracy = en(3);
  m.timestamp = 65535;
  m.timestampAccuracy = en(0);
  return m;
}

/** OPEN_DRONE_ID_SYSTEM: the operator at home. */
export function odidSystem(v: Px4Vehicle): MavLinkData {
  const h = v.s.home;
  const m = new common.OpenDroneIdSystem();
  m.targetSystem = 0;
  m.targetComponent = 0;
  m.idOrMac = new Array<number>(20).fill(0);
  m.operatorLocationType = en(0);
  m.classificationType = en(0);
  m.operatorLatitude = Math.round(h.lat * 1e7);
  m.operatorLongitude = Math.round(h.lon * 1e7);
  m.areaCount = 1;
  m.areaRadius = 0;
  m.areaCeiling = -1000;
  m.areaFloor = -1000;
  m.categoryEu = en(0);
  m.classEu = en(0);
  m.operatorAltitudeGeo = h.altAmsl;
  m.timestamp = 0;
  return m;
}
