import type { LatLon } from './types.js';
import { DEG, meridionalRadiusM, primeVerticalRadiusM } from './wgs84.js';

/**
 * Initial bearing in degrees true (0–360) from `a` to `b`, in the same local approximation.
 * @example
 * bearingDeg({ lat: 53.5508, lon: 9.9925 }, { lat: 53.5406, lon: 10.0052 }); // → ≈143
 */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const latM = ((a.lat + b.lat) / 2) * DEG;
  const north = (b.lat - a.lat) * DEG * meridionalRadiusM(latM);
  const east = (b.lon - a.lon) * DEG * primeVerticalRadiusM(latM) * Math.cos(latM);
  const deg = Math.atan2(east, north) / DEG;
  return (deg + 360) % 360;
}
