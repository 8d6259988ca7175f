import type { LatLon } from './types.js';
import { DEG, meridionalRadiusM, primeVerticalRadiusM } from './wgs84.js';

/**
 * Surface distance in metres between two WGS84 positions, using the ellipsoid's local radii of
 * curvature at the mid-latitude (accurate to ~0.01 % below 100 km; meant for city-scale work).
 * @example
 * distanceM({ lat: 53.5508, lon: 9.9925 }, { lat: 53.5406, lon: 10.0052 }); // → ≈1 408
 */
export function distanceM(a: LatLon, b: LatLon): number {
  const latM = ((a.lat + b.lat) / 2) * DEG;
  const dLat = (b.lat - a.lat) * DEG;
  let dLon = (b.lon - a.lon) * DEG;
  if (dLon > Math.PI) dLon -= 2 * Math.PI;
  if (dLon < -Math.PI) dLon += 2 * Math.PI;
  const north = dLat * meridionalRadiusM(latM);
  const east = dLon * primeVerticalRadiusM(latM) * Math.cos(latM);
  return Math.hypot(north, east);
}
