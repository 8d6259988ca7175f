/**
 * Local tangent frame (north/east metres) around a vehicle's origin. An equirectangular projection
 * is accurate to centimetres over the few kilometres a delivery drone flies.
 */
export interface LatLon {
  lat: number;
  lon: number;
}

export interface NE {
  n: number;
  e: number;
}

const EARTH_RADIUS_M = 6_371_000;
const DEG = Math.PI / 180;

/**
 * Geodetic → local north/east metres relative to `origin`.
 * @example toNE({lat: 53.5517, lon: 9.9925}, {lat: 53.5508, lon: 9.9925}) // {n: ≈100, e: 0}
 */
export function toNE(p: LatLon, origin: LatLon): NE {
  return {
    n: (p.lat - origin.lat) * DEG * EARTH_RADIUS_M,
    e: (p.lon - origin.lon) * DEG * EARTH_RADIUS_M * Math.cos(origin.lat * DEG),
  };
}

/** Local north/east metres → geodetic, inverse of toNE. */
export function fromNE(p: NE, origin: LatLon): LatLon {
  return {
    lat: origin.lat + p.n / EARTH_RADIUS_M / DEG,
    lon: origin.lon + p.e / (EARTH_RADIUS_M * Math.cos(origin.lat * DEG)) / DEG,
  };
}

/** Horizontal distance in metres between two local points. */
export function distNE(a: NE, b: NE): number {
  return Math.hypot(a.n - b.n, a.e - b.e);
}
