import type { LocalFrame } from './local-frame.js';
import type { EnuPoint, LatLon } from './types.js';
import { DEG, primeVerticalRadiusM, WGS84_E2 } from './wgs84.js';

/**
 * East/north coordinates (metres) of a surface position in `frame`, from raw degrees.
 * The allocation-free core of {@link toLocal}; returns `[eastM, northM]`.
 * @example
 * const [e, n] = toLocalXY(frame, 10.01, 53.55);
 */
export function toLocalXY(frame: LocalFrame, lonDeg: number, latDeg: number): [number, number] {
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const nr = primeVerticalRadiusM(lat);
  const dx = nr * cosLat * Math.cos(lon) - frame.x0;
  const dy = nr * cosLat * Math.sin(lon) - frame.y0;
  const dz = nr * (1 - WGS84_E2) * sinLat - frame.z0;
  const e = -frame.sinLon0 * dx + frame.cosLon0 * dy;
  const n = -frame.sinLat0 * frame.cosLon0 * dx - frame.sinLat0 * frame.sinLon0 * dy + frame.cosLat0 * dz;
  return [e, n];
}

/**
 * Converts a WGS84 position to local east/north metres in `frame` (forward projection).
 * @example
 * const frame = createLocalFrame({ lat: 53.55, lon: 10.0 });
 * toLocal(frame, { lat: 53.56, lon: 10.0 }); // → { eastM: 0, northM: ≈1113.6 }
 */
export function toLocal(frame: LocalFrame, p: LatLon): EnuPoint {
  const [eastM, northM] = toLocalXY(frame, p.lon, p.lat);
  return { eastM, northM };
}
