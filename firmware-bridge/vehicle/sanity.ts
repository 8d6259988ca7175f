/**
 * Plausibility of decoded telemetry. Pure. A frame can be CRC-valid and still carry values no
 * vehicle reports (a forger's lat = 2^31−1 is 214.7°): such a message is counted and dropped by the
 * link before any state, store or map sees it.
 */
import { common, type MavLinkData } from '../codec/dialect.js';

const LAT_MAX_E7 = 90e7;
const LON_MAX_E7 = 180e7;

function badLatLon(lat: number, lon: number, zeroMeansUnknown: boolean): string | undefined {
  if (zeroMeansUnknown && lat === 0 && lon === 0) return undefined;
  if (Math.abs(lat) > LAT_MAX_E7) return `latitude ${lat / 1e7}° outside ±90°`;
  if (Math.abs(lon) > LON_MAX_E7) return `longitude ${lon / 1e7}° outside ±180°`;
  return undefined;
}

/**
 * Why a message cannot be true, or undefined when it is plausible.
 * @example implausible(Object.assign(new common.GlobalPositionInt(), { lat: 2 ** 31 - 1 })) // 'latitude 214.7483647° outside ±90°'
 */
export function implausible(data: MavLinkData): string | undefined {
  // Any float field: NaN or ±Infinity is never a measurement (PX4 sends NaN only in fields that
  // mean "unknown" in messages we do not reduce; those we do reduce are listed below).
  if (data instanceof common.Attitude || data instanceof common.VfrHud) {
    for (const [k, v] of Object.entries(data)) if (typeof v === 'number' && !Number.isFinite(v)) return `${k} is ${v}`;
  }
  if (data instanceof common.GlobalPositionInt) return badLatLon(data.lat, data.lon, true);
  if (data instanceof common.GpsRawInt) return badLatLon(data.lat, data.lon, true);
  if (data instanceof common.HomePosition) {
    const why = badLatLon(data.latitude, data.longitude, false);
    if (why) return why;
    for (const k of ['x', 'y', 'z'] as const) if (!Number.isFinite(data[k])) return `home ${k} is ${data[k]}`;
  }
  if (data instanceof common.Attitude) {
    for (const k of ['roll', 'pitch', 'yaw'] as const) if (Math.abs(data[k]) > 2 * Math.PI) return `${k} ${data[k]} rad outside ±2π`;
  }
  return undefined;
}
