import type { LatLon } from './types.js';
import { DEG, primeVerticalRadiusM, WGS84_E2 } from './wgs84.js';

/**
 * A local tangent plane (East-North-Up) anchored at `origin` on the WGS84 ellipsoid.
 * Positions are projected orthogonally onto the plane (h = 0); radial scale error is
 * 1 - cos(d/R): 5e-6 at 20 km, 3e-5 at 50 km, 1e-3 at 300 km. Build one per data set
 * (or per area) and convert once at the edges.
 */
export interface LocalFrame {
  readonly origin: LatLon;
  /** ECEF of the origin, metres. */
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly sinLat0: number;
  readonly cosLat0: number;
  readonly sinLon0: number;
  readonly cosLon0: number;
}

/**
 * Creates a local ENU frame around `origin`.
 * @example
 * const frame = createLocalFrame({ lat: 53.55, lon: 10.0 });
 * toLocal(frame, { lat: 53.55, lon: 10.0 }); // → { eastM: 0, northM: 0 }
 */
export function createLocalFrame(origin: LatLon): LocalFrame {
  if (!Number.isFinite(origin.lat) || !Number.isFinite(origin.lon) || Math.abs(origin.lat) > 90) {
    throw new RangeError(`createLocalFrame: origin ${JSON.stringify(origin)} is not a valid WGS84 position`);
  }
  const lat = origin.lat * DEG;
  const lon = origin.lon * DEG;
  const n = primeVerticalRadiusM(lat);
  const sinLat0 = Math.sin(lat);
  const cosLat0 = Math.cos(lat);
  const sinLon0 = Math.sin(lon);
  const cosLon0 = Math.cos(lon);
  return {
    origin: { lat: origin.lat, lon: origin.lon },
    x0: n * cosLat0 * cosLon0,
    y0: n * cosLat0 * sinLon0,
    z0: n * (1 - WGS84_E2) * sinLat0,
    sinLat0,
    cosLat0,
    sinLon0,
    cosLon0,
  };
}
